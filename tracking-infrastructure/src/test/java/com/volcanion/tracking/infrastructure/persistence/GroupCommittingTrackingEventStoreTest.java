package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.port.TrackingEventStore.Stored;
import com.volcanion.tracking.application.port.TrackingEventStore.StoreUnavailableException;
import com.volcanion.tracking.domain.event.TrackingEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
            Future<List<Stored>> first = clients.submit(() -> store.store(List.of(event())));
            firstGroupStarted.await();
            List<TrackingEvent> sent = new ArrayList<>();
            List<Future<List<Stored>>> waiting = new ArrayList<>();
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
    void answersInTimeWhenTheCommitTakesTooLong() {
        CountDownLatch never = new CountDownLatch(1);
        store = storeWith(events -> {
            await(never);
            return List.of();
        }, 1, Duration.ofMillis(200));

        long started = System.nanoTime();
        assertThatThrownBy(() -> store.store(List.of(event()))).isInstanceOf(StoreUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        never.countDown();
    }

    private static GroupCommittingTrackingEventStore storeWith(Writer writer, int writers, Duration timeout) {
        JdbcTrackingEventWriter stub = new JdbcTrackingEventWriter(null, null, tools.jackson.databind.json.JsonMapper.builder().build()) {
            @Override
            List<Stored> write(List<TrackingEvent> events) {
                return writer.write(events);
            }
        };
        return new GroupCommittingTrackingEventStore(stub,
                new GroupCommitProperties(Duration.ofMillis(5), 100, writers, 100, timeout), new SimpleMeterRegistry(),
                new StaticListableBeanFactory().getBeanProvider(ObservationRegistry.class));
    }

    private static TrackingEvent event() {
        Instant now = Instant.now();
        return new TrackingEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID().toString(),
                "A", now, null, null, now, null, null, "{}", null, List.of(), null, null);
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
}
