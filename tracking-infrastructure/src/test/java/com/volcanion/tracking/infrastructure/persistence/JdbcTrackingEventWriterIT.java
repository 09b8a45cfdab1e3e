package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Outcome;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Refused;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Stored;
import com.volcanion.tracking.domain.event.TrackingEvent;
import com.volcanion.tracking.infrastructure.testing.InfrastructureIT;
import org.junit.jupiter.api.BeforeEach;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-statement group write and its event-by-event fallback, on the real PostgreSQL. */
@InfrastructureIT
class JdbcTrackingEventWriterIT {

    @Autowired
    JdbcTrackingEventWriter writer;
    @Autowired
    JdbcTemplate jdbc;

    private UUID partnerId;
    private UUID systemId;

    @BeforeEach
    void aSystem() {
        partnerId = UUID.randomUUID();
        systemId = UUID.randomUUID();
        jdbc.update("insert into write.partners (id, name, email, active, created_at, updated_at) "
                + "values (?, 'P', ?, true, now(), now())", partnerId, partnerId + "@writer.example");
        jdbc.update("insert into write.partner_systems (id, partner_id, name, type, active, api_key_hash, api_key_prefix, "
                + "created_at, updated_at) values (?, ?, 'S', 'WEBSITE', true, ?, 'vt_x', now(), now())",
                systemId, partnerId, UUID.randomUUID().toString().replace("-", "") + "0".repeat(32));
    }

    /** Two groups holding the same messageIds in opposite orders: on the unique key they would wait on each other. */
    @Test
    void groupsWritingTheSameMessageIdsInOppositeOrdersNeverDeadlock() throws Exception {
        try (ExecutorService writers = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < 20; round++) {
                List<TrackingEvent> forward = new ArrayList<>();
                List<TrackingEvent> backward = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    forward.add(event("r" + round + "-" + i, "{}"));
                    backward.addFirst(event("r" + round + "-" + i, "{}"));
                }
                CountDownLatch start = new CountDownLatch(1);
                Future<List<Stored>> a = writers.submit(() -> {
                    start.await();
                    return stored(writer.write(forward));
                });
                Future<List<Stored>> b = writers.submit(() -> {
                    start.await();
                    return stored(writer.write(backward));
                });
                start.countDown();
                List<Stored> fromA = a.get();
                List<Stored> fromB = b.get();
                for (int i = 0; i < 200; i++) {
                    assertThat(fromA.get(i).eventId()).isEqualTo(fromB.get(199 - i).eventId());
                    assertThat(fromA.get(i).duplicate()).isNotEqualTo(fromB.get(199 - i).duplicate());
                }
            }
        }
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?",
                Long.class, systemId)).isEqualTo(20 * 200);
    }

    @Test
    void writingOneByOneRefusesOnlyTheEventPostgresRefusesAndStoresTheRest() {
        TrackingEvent first = event("first", "{\"a\":1}");
        TrackingEvent refused = event("refused", "{not json");
        TrackingEvent repeat = event("first", "{\"a\":2}");
        TrackingEvent last = event("last", "{}");

        List<Outcome> outcomes = writer.writeOneByOne(List.of(first, refused, repeat, last));

        assertThat(outcomes.get(0)).isEqualTo(new Stored(first.id(), false));
        assertThat(outcomes.get(1)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).contains("SQLSTATE 22P02"));
        assertThat(outcomes.get(2)).isEqualTo(new Stored(first.id(), true));
        assertThat(outcomes.get(3)).isEqualTo(new Stored(last.id(), false));
        assertThat(jdbc.queryForList("select message_id from write.tracking_events where partner_system_id = ?",
                String.class, systemId)).containsExactlyInAnyOrder("first", "last");
    }

    /** The lock_timeout travels with the INSERT (same round trip): a locked table fails the write, nothing waits on. */
    @Test
    void aWriteNeverWaitsForALockLongerThanItsTimeout() throws Exception {
        var endpoints = TestServers.endpoints();
        try (Connection locker = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("lock table write.tracking_events in share mode");
            }
            assertThatThrownBy(() -> writer.write(List.of(event("locked", "{}"))))
                    .hasRootCauseInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(DatabaseFailures.isRefusal(e)).isFalse())
                    .rootCause().hasMessageContaining("timeout");
            locker.rollback();
        }
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?",
                Long.class, systemId)).isZero();
    }

    /**
     * The events table is partitioned by receive time, the dedup key is not: a messageId received again in another
     * month (or in the default partition: five years ahead) is a duplicate of the first, by either write path. Times
     * stay within the shared test database's retention, so its partition upkeep never takes an event away mid-test.
     */
    @Test
    void aMessageIdIsADuplicateWhateverMonthItIsReceivedInAgain() {
        Random random = new Random(14);
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        Instant thisMonth = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant[] edges = {thisMonth.minus(1, ChronoUnit.MICROS), thisMonth,
                month.minusMonths(3).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant().minus(1, ChronoUnit.MICROS),
                month.plusYears(5).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant(), Instant.now()};
        for (int i = 0; i < 60; i++) {
            String messageId = "across-" + i;
            Instant first = edges[random.nextInt(edges.length)].minusSeconds(random.nextInt(2) * random.nextInt(30 * 86_400));
            Instant again = edges[random.nextInt(edges.length)].plusSeconds(random.nextInt(2) * random.nextInt(30 * 86_400));
            TrackingEvent original = event(messageId, "{}", first);
            Outcome stored = writer.write(List.of(original)).getFirst();
            assertThat(stored).isEqualTo(new Stored(original.id(), false));
            TrackingEvent repeat = event(messageId, "{\"again\":true}", again);
            Object outcome = random.nextBoolean() ? writer.write(List.of(repeat)).getFirst()
                    : writer.writeOneByOne(List.of(repeat)).getFirst();
            assertThat(outcome).as("received at " + first + ", then at " + again).isEqualTo(new Stored(original.id(), true));
        }
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?",
                Long.class, systemId)).isEqualTo(60);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ? "
                + "and properties ->> 'again' is not null", Long.class, systemId)).isZero();
    }

    private static List<Stored> stored(List<Outcome> outcomes) {
        return outcomes.stream().map(Stored.class::cast).toList();
    }

    private TrackingEvent event(String messageId, String properties) {
        return event(messageId, properties, Instant.now());
    }

    private TrackingEvent event(String messageId, String properties, Instant receivedAt) {
        return new TrackingEvent(UUID.randomUUID(), partnerId, systemId, messageId, EventType.TRACK, "A", receivedAt, null,
                null, receivedAt, null, null, properties, null, List.of(), null, null);
    }
}
