package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Outcome;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Refused;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Stored;
import com.volcanion.tracking.application.ingest.TrackingEventStore.StoreUnavailableException;
import com.volcanion.tracking.domain.event.TrackingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.DataIntegrityViolationException;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The group-commit mechanics, with a stand-in for the database writer (covered by the ingestion ITs). */
class GroupCommittingTrackingEventStoreTest {

    private GroupCommittingTrackingEventStore store;

    @AfterEach
    void stop() throws InterruptedException {
        store.destroy();
    }

    @Test
    void gathersConcurrentRequestsIntoOneTransactionAndAnswersEachWithItsOwnEvents() throws Exception {
        List<Integer> groupSizes = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store = storeWith(events -> {
            groupSizes.add(events.size());
            firstGroupStarted.countDown();
            await(release);
            return events.stream().map(e -> new Stored(e.id(), false)).toList();
        }, 1, Duration.ofSeconds(5));

        try (ExecutorService clients = Executors.newFixedThreadPool(11)) {
            Future<List<Outcome>> first = clients.submit(() -> store.store(List.of(event())));
            firstGroupStarted.await();
            List<TrackingEvent> sent = new ArrayList<>();
            List<Future<List<Outcome>>> waiting = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                TrackingEvent event = event();
                sent.add(event);
                waiting.add(clients.submit(() -> store.store(List.of(event))));
            }
            Thread.sleep(200); // all ten are queued behind the first, still uncommitted, group
            release.countDown();

            assertThat(first.get()).hasSize(1);
            for (int i = 0; i < 10; i++) {
                assertThat(waiting.get(i).get()).containsExactly(new Stored(sent.get(i).id(), false));
            }
        }
        assertThat(groupSizes).startsWith(1).hasSizeLessThan(11);
        assertThat(groupSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(11);
    }

    @Test
    void failsEveryRequestOfAGroupTheDatabaseRefused() {
        store = storeWith(events -> {
            throw new IllegalStateException("connection refused");
        }, 2, Duration.ofSeconds(5));

        assertThatThrownBy(() -> store.store(List.of(event())))
                .isInstanceOf(StoreUnavailableException.class)
                .satisfies(e -> assertThat(((StoreUnavailableException) e).retryAfterSeconds()).isPositive());
    }

    @Test
    void neverWritesARequestItAnswered503BecauseNoWriterTookItInTime() throws Exception {
        List<UUID> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch firstGroupStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        store = storeWith(events -> {
            events.forEach(event -> written.add(event.id()));
            firstGroupStarted.countDown();
            await(release);
            return stored(events);
        }, 1, Duration.ofMillis(300));

        try (ExecutorService clients = Executors.newFixedThreadPool(2)) {
            Future<List<Outcome>> inFlight = clients.submit(() -> store.store(List.of(event())));
            firstGroupStarted.await();
            TrackingEvent queued = event();
            assertThatThrownBy(() -> store.store(List.of(queued))).isInstanceOf(StoreUnavailableException.class)
                    .hasMessageContaining("nothing was stored");
            release.countDown();

            assertThat(inFlight.get()).hasSize(1);   // its group was in flight at the deadline: it waited for the commit
            TrackingEvent later = event();
            assertThat(store.store(List.of(later))).containsExactly(new Stored(later.id(), false));
            assertThat(written).doesNotContain(queued.id()).contains(later.id());
        }
    }

    @Test
    void aRefusedGroupIsWrittenAgainEventByEventSoOnlyTheGuiltyEventIsRefused() throws Exception {
        TrackingEvent guilty = event();
        store = storeWith(events -> {
            if (events.contains(guilty)) {
                throw new DataIntegrityViolationException("insert refused",
                        new SQLException("date/time field value out of range", "22008"));
            }
            return stored(events);
        }, events -> events.stream().<Outcome>map(event -> event == guilty ? new Refused("out of range")
                : new Stored(event.id(), false)).toList(), 1, Duration.ofSeconds(5));

        TrackingEvent neighbour = event();
        assertThat(store.store(List.of(neighbour, guilty, event()))).element(1).isEqualTo(new Refused("out of range"));
        assertThat(store.store(List.of(neighbour))).containsExactly(new Stored(neighbour.id(), false));
    }

    @Test
    void saysTheEventsMayBeStoredWhenTheCommitItselfFailed() {
        store = storeWith(events -> {
            throw new JdbcTrackingEventWriter.CommitOutcomeUnknownException(new SQLException("I/O error", "08006"));
        }, 1, Duration.ofSeconds(5));

        assertThatThrownBy(() -> store.store(List.of(event()))).isInstanceOf(StoreUnavailableException.class)
                .hasMessageContaining("may be stored").hasMessageNotContaining("nothing was stored");
    }

    @Test
    void aWriterSurvivesAnErrorAndAnswersItsGroup503() {
        AtomicInteger calls = new AtomicInteger();
        store = storeWith(events -> {
            if (calls.incrementAndGet() == 1) {
                throw new StackOverflowError("deep");
            }
            return stored(events);
        }, 1, Duration.ofSeconds(5));

        assertThatThrownBy(() -> store.store(List.of(event()))).isInstanceOf(StoreUnavailableException.class);
        TrackingEvent next = event();
        assertThat(store.store(List.of(next))).containsExactly(new Stored(next.id(), false));
    }

    private static List<Stored> stored(List<TrackingEvent> events) {
        return events.stream().map(e -> new Stored(e.id(), false)).toList();
    }

    private static GroupCommittingTrackingEventStore storeWith(Writer writer, int writers, Duration timeout) {
        return storeWith(writer, events -> {
            throw new AssertionError("not expected to write event by event");
        }, writers, timeout);
    }

    private static GroupCommittingTrackingEventStore storeWith(Writer writer, OneByOneWriter oneByOne, int writers,
                                                               Duration timeout) {
        GroupCommitProperties properties = new GroupCommitProperties(Duration.ofMillis(5), 100, writers, 100, timeout,
                Duration.ofSeconds(2));
        JdbcTrackingEventWriter stub = new JdbcTrackingEventWriter(null, null, properties,
                tools.jackson.databind.json.JsonMapper.builder().build()) {
            @Override
            List<Outcome> write(List<TrackingEvent> events) {
                return List.copyOf(writer.write(events));
            }

            @Override
            List<Outcome> writeOneByOne(List<TrackingEvent> events) {
                return oneByOne.write(events);
            }
        };
        return new GroupCommittingTrackingEventStore(stub, properties, new SimpleMeterRegistry(),
                new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class));
    }

    private static TrackingEvent event() {
        Instant now = Instant.now();
        return new TrackingEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(),
                EventType.TRACK, "A", now, null, null, now, null, null, "{}", null, List.of(), null, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Writer {
        List<Stored> write(List<TrackingEvent> events);
    }

    private interface OneByOneWriter {
        List<Outcome> write(List<TrackingEvent> events);
    }
}
