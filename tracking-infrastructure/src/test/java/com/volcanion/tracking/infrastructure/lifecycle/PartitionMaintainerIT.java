package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.infrastructure.testing.FreshDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partition upkeep and retention on the real PostgreSQL, each test in a database of its own (they drop partitions).
 * Events are generated around month edges (the last microsecond of a month, the first of the next) and across
 * twenty months, and every run is checked row by row against what the retention rule says must be kept.
 */
class PartitionMaintainerIT {

    private FreshDatabase database;
    private UUID partnerId;
    private UUID systemId;

    @BeforeEach
    void aFreshDatabase() {
        database = FreshDatabase.create("partitions").migrate("latest");
        partnerId = UUID.randomUUID();
        systemId = UUID.randomUUID();
        database.jdbc().update("insert into write.partners (id, name, email, active, created_at, updated_at) "
                + "values (?, 'P', 'p@partitions.example', true, now(), now())", partnerId);
        database.jdbc().update("insert into write.partner_systems (id, partner_id, name, type, active, api_key_hash, "
                + "api_key_prefix, created_at, updated_at) values (?, ?, 'S', 'WEBSITE', true, repeat('a', 64), 'vt_x', "
                + "now(), now())", systemId, partnerId);
    }

    @Test
    void retentionKeepsExactlyTheEventsOfTheMonthsNotPastTheHorizonWithTheirDedupKeys() {
        for (long seed = 1; seed <= 6; seed++) {
            Random random = new Random(seed);
            Instant now = Instant.parse("2027-03-01T00:00:00Z").plus(random.nextInt(400 * 24), ChronoUnit.HOURS)
                    .plusNanos(random.nextInt(1_000_000) * 1000L);
            int days = List.of(1, 30, 31, 395, 1 + random.nextInt(500)).get(random.nextInt(5));
            database.jdbc().execute("truncate write.tracking_events, write.tracking_event_keys, "
                    + "read.tracking_events_read_model");
            List<Instant> times = generatedReceiveTimes(random, now);
            Map<UUID, Instant> ids = new HashMap<>();
            for (Instant at : times) {
                ids.put(insertEvent(at), at);
            }
            database.jdbc().update("insert into read.event_stats_hourly values (?, ?, ?, 'Kept', 1, 0) "
                    + "on conflict do nothing", partnerId, java.sql.Timestamp.from(Instant.EPOCH), systemId);

            PartitionMaintainer.Run run = maintainer(days).maintain(now);

            Instant horizon = YearMonth.from(now.minus(Duration.ofDays(days)).atZone(ZoneOffset.UTC)).atDay(1)
                    .atStartOfDay(ZoneOffset.UTC).toInstant();
            Set<Instant> expected = new HashSet<>();
            times.stream().filter(at -> !at.isBefore(horizon)).forEach(expected::add);
            String context = "seed " + seed + ", now " + now + ", " + days + " days, horizon " + horizon;
            assertThat(receiveTimes("write.tracking_events")).as(context).isEqualTo(expected);
            assertThat(receiveTimes("read.tracking_events_read_model")).as(context).isEqualTo(expected);
            assertThat(keyedEvents()).as(context + ": dedup keys of the kept events only").containsExactlyInAnyOrderElementsOf(
                    ids.entrySet().stream().filter(e -> expected.contains(e.getValue())).map(Map.Entry::getKey).toList());
            assertThat(times.stream().filter(at -> !at.isBefore(now.minus(Duration.ofDays(days)))))
                    .as(context + ": every event younger than the retention is kept").allMatch(expected::contains);
            assertThat(count("select count(*) from write.tracking_events_default")
                    + count("select count(*) from read.tracking_events_read_model_default"))
                    .as(context + ": rows of the default partition are moved to their month or deleted").isZero();
            assertThat(count("select count(*) from read.event_stats_hourly where bucket_start = 'epoch'"))
                    .as("hourly statistics outlive raw events").isEqualTo(1);
            for (String table : PartitionMaintainer.TABLES) {
                YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
                assertThat(maintainer(days).monthPartitions(table)).as(context)
                        .contains(current, current.plusMonths(1), current.plusMonths(2))
                        .allMatch(month -> !month.isBefore(YearMonth.from(horizon.atZone(ZoneOffset.UTC))));
            }
        }
    }

    @Test
    void foreverKeepsEverythingAndStillCreatesTheMonthsOfRowsInTheDefaultPartition() {
        Instant now = Instant.parse("2027-06-15T12:00:00Z");
        List<Instant> times = List.of(Instant.parse("2020-01-31T23:59:59.999999Z"), Instant.parse("2020-02-01T00:00:00Z"),
                Instant.parse("2031-12-31T23:59:59.999999Z"));
        times.forEach(this::insertEvent);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        PartitionMaintainer maintainer = maintainer(0, meters);
        assertThat(coveredUntil(meters, "write.tracking_events")).as("before a run").isNaN();

        PartitionMaintainer.Run run = maintainer.maintain(now);

        assertThat(run.dropped()).isEmpty();
        for (String table : PartitionMaintainer.TABLES) {   // the newest month partition, 2031-12, ends 2032-01-01 UTC
            assertThat(coveredUntil(meters, table)).as(table)
                    .isEqualTo(Instant.parse("2032-01-01T00:00:00Z").getEpochSecond());
        }
        assertThat(run.created()).contains("write.tracking_events_p2020_01", "write.tracking_events_p2020_02",
                "write.tracking_events_p2031_12", "write.tracking_events_p2027_06", "write.tracking_events_p2027_08",
                "read.tracking_events_read_model_p2031_12");
        assertThat(receiveTimes("write.tracking_events")).containsExactlyInAnyOrderElementsOf(times);
        assertThat(receiveTimes("read.tracking_events_read_model")).containsExactlyInAnyOrderElementsOf(times);
        assertThat(count("select count(*) from write.tracking_events_p2020_01")).isEqualTo(1);
        assertThat(count("select count(*) from write.tracking_events_default")).isZero();
        assertThat(count("select count(*) from pg_class where oid in ('write.tracking_events_p2020_01'::regclass, "
                + "'read.tracking_events_read_model_p2031_12'::regclass) and relallvisible = 1 and relpages = 1"))
                .as("a partition filled by a move is vacuumed: index-only reads of it visit no row").isEqualTo(2);
        assertThat(maintainer(0).maintain(now).created()).as("a second run has nothing to do").isEmpty();
    }

    /** A query holding the old partition open: the drop gives up after the lock timeout, and the keys stay. */
    @Test
    void aPartitionInUseIsDroppedAtALaterRunAndItsDedupKeysOutliveIt() throws Exception {
        Instant now = Instant.parse("2027-06-15T12:00:00Z");
        insertEvent(Instant.parse("2026-01-10T00:00:00Z"));
        insertEvent(Instant.parse("2027-06-01T00:00:00Z"));
        maintainer(0).maintain(now);
        try (Connection reader = database.connect()) {
            reader.setAutoCommit(false);
            try (Statement statement = reader.createStatement()) {
                statement.executeQuery("select count(*) from write.tracking_events_p2026_01").close();
            }
            PartitionMaintainer.Run blocked = maintainer(30).maintain(now);
            assertThat(blocked.dropped()).as("the read model's partition is not in use")
                    .contains("read.tracking_events_read_model_p2026_01").doesNotContain("write.tracking_events_p2026_01");
            assertThat(count("select count(*) from write.tracking_event_keys")).as("its event is still there, so its key is")
                    .isEqualTo(2);
            reader.rollback();
        }
        PartitionMaintainer.Run later = maintainer(30).maintain(now);
        assertThat(later.dropped()).containsExactly("write.tracking_events_p2026_01");
        assertThat(keyedEvents()).containsExactlyInAnyOrderElementsOf(database.jdbc().queryForList(
                "select id from write.tracking_events", UUID.class));
        assertThat(keyedEvents()).hasSize(1);
    }

    /**
     * A node killed after detaching a month past retention, before dropping it: the next run deletes its events' keys
     * and drops it. A month an operator detached by hand, not past retention, is left alone.
     */
    @Test
    void aMonthDetachedByANodeThatDiedIsDroppedByTheNextRunWithItsKeys() {
        Instant now = Instant.parse("2027-06-15T12:00:00Z");
        insertEvent(Instant.parse("2026-01-10T00:00:00Z"));
        UUID kept = insertEvent(Instant.parse("2027-05-10T00:00:00Z"));
        maintainer(0).maintain(now);
        database.jdbc().execute("alter table write.tracking_events detach partition write.tracking_events_p2026_01");
        database.jdbc().execute("alter table write.tracking_events detach partition write.tracking_events_p2027_05");

        maintainer(30).maintain(now);

        assertThat(count("select count(*) from pg_class where relname = 'tracking_events_p2026_01'")).isZero();
        assertThat(keyedEvents()).as("the dropped month's key went with it; the other stays").containsExactly(kept);
        assertThat(count("select count(*) from write.tracking_events_p2027_05")).as("not past retention: left alone")
                .isEqualTo(1);
    }

    /** Nodes starting together: each step is done once, by whichever node gets there first. */
    @Test
    void maintainersOfSeveralNodesRunningAtOnceCreateEachPartitionOnce() throws Exception {
        Instant now = Instant.parse("2030-01-20T00:00:00Z");
        for (int month = 1; month <= 12; month++) {
            insertEvent(Instant.parse("2029-%02d-15T00:00:00Z".formatted(month)));
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Future<PartitionMaintainer.Run>> runs = new ArrayList<>();
        try (ExecutorService nodes = Executors.newFixedThreadPool(4)) {
            for (int node = 0; node < 4; node++) {
                PartitionMaintainer maintainer = maintainer(200);
                runs.add(nodes.submit((Callable<PartitionMaintainer.Run>) () -> {
                    start.await();
                    return maintainer.maintain(now);
                }));
            }
            start.countDown();
            List<String> created = new ArrayList<>();
            List<String> dropped = new ArrayList<>();
            for (Future<PartitionMaintainer.Run> run : runs) {
                created.addAll(run.get().created());
                dropped.addAll(run.get().dropped());
            }
            assertThat(created).doesNotHaveDuplicates();
            assertThat(dropped).doesNotHaveDuplicates();
        }
        maintainer(200).maintain(now);
        // whatever a node skipped while another held the lock, one more run completes it
        Instant horizon = Instant.parse("2029-07-01T00:00:00Z");
        assertThat(receiveTimes("write.tracking_events")).allMatch(at -> !at.isBefore(horizon)).hasSize(6);
        assertThat(keyedEvents()).hasSize(6);
        assertThat(maintainer(200).maintain(now).created()).isEmpty();
    }

    /** Receive times spread over twenty months, with both sides of every month's edge. */
    private static List<Instant> generatedReceiveTimes(Random random, Instant now) {
        List<Instant> times = new ArrayList<>();
        YearMonth first = YearMonth.from(now.atZone(ZoneOffset.UTC)).minusMonths(17);
        for (int i = 0; i < 20; i++) {
            Instant edge = first.plusMonths(i).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            times.add(edge);
            times.add(edge.minus(1, ChronoUnit.MICROS));
        }
        for (int i = 0; i < 120; i++) {
            long span = Duration.ofDays(20 * 31).toSeconds();
            times.add(now.minusSeconds(Duration.ofDays(17 * 31).toSeconds()).plusSeconds(random.nextLong(span))
                    .plus(random.nextInt(1_000_000), ChronoUnit.MICROS).truncatedTo(ChronoUnit.MICROS));
        }
        return times.stream().distinct().toList();
    }

    /** An event, its dedup key and its read-model row, received at {@code at} (lands in the default partition if no month holds it). */
    private UUID insertEvent(Instant at) {
        UUID id = UUID.randomUUID();
        String messageId = "m-" + id;
        database.jdbc().update("insert into write.tracking_events (id, partner_id, partner_system_id, message_id, "
                + "event_name, event_timestamp, received_at, properties, valid) values (?, ?, ?, ?, 'E', ?::timestamptz, "
                + "?::timestamptz, '{}', true)", id, partnerId, systemId, messageId, at.toString(), at.toString());
        database.jdbc().update("insert into write.tracking_event_keys values (?, ?, ?)", systemId, messageId, id);
        database.jdbc().update("insert into read.tracking_events_read_model (tracking_event_id, partner_id, partner_name, "
                + "partner_system_id, system_name, event_name, event_timestamp, properties, valid, received_at, "
                + "processed_at, message_id) values (?, ?, 'P', ?, 'S', 'E', ?::timestamptz, '{}', true, ?::timestamptz, "
                + "now(), ?)", id, partnerId, systemId, at.toString(), at.toString(), messageId);
        return id;
    }

    private List<UUID> keyedEvents() {
        return database.jdbc().queryForList("select event_id from write.tracking_event_keys", UUID.class);
    }

    private Set<Instant> receiveTimes(String table) {
        return new HashSet<>(database.jdbc().query("select received_at from " + table,
                (rs, row) -> rs.getObject(1, java.time.OffsetDateTime.class).toInstant()));
    }

    private long count(String sql) {
        return database.jdbc().queryForObject(sql, Long.class);
    }

    private PartitionMaintainer maintainer(int retentionDays) {
        return maintainer(retentionDays, new SimpleMeterRegistry());
    }

    private PartitionMaintainer maintainer(int retentionDays, SimpleMeterRegistry meters) {
        return new PartitionMaintainer(database.jdbc(), database.transactions(),
                new PartitionProperties(2, Duration.ofHours(1), Duration.ofMillis(500)),
                new RetentionProperties(retentionDays), meters);
    }

    private static double coveredUntil(SimpleMeterRegistry meters, String table) {
        return meters.get("tracking.partitions.covered.until").tag("table", table).gauge().value();
    }
}
