package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.infrastructure.cache.StatisticsCacheGenerations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies committed events from {@code write.tracking_events} into {@code read.tracking_events_read_model}, with
 * partner and system names, and maintains the hourly statistics and unique-user sketches, all in one
 * transaction per batch.
 * <ul>
 * <li><b>No event skipped.</b> The cursor is the (transaction id, seq) of the last projected row, and a batch
 * takes only rows whose transaction id is below {@code pg_snapshot_xmin(pg_current_snapshot())}: every such
 * transaction has ended, so no row can later appear below the cursor, however commits interleave.</li>
 * <li><b>Idempotent.</b> The read model's unique key turns a second copy away, and statistics count only the
 * rows actually inserted.</li>
 * <li><b>One projector at a time.</b> A batch first takes a transaction-scoped PostgreSQL advisory lock; a node
 * that cannot get it skips the run. Renames take the same lock (see {@link ReadModelRenames}).</li>
 * <li><b>Nothing half-done.</b> Rows, statistics, sketches and cursor commit together or not at all.</li>
 * </ul>
 */
@Component
@EnableConfigurationProperties(ProjectorProperties.class)
public class TrackingEventProjector {

    /** The advisory lock key of the projector ("VTPROJ" in ASCII). */
    public static final long LOCK_KEY = 0x565450524f4aL;
    private static final Logger log = LoggerFactory.getLogger(TrackingEventProjector.class);

    private static final String NEXT_BATCH = """
            select e.id, e.tx_id::text as tx_text, e.seq, e.received_at from write.tracking_events e
            where (e.tx_id, e.seq) > (?::xid8, ?) and e.tx_id < pg_snapshot_xmin(pg_current_snapshot())
            order by e.tx_id, e.seq -- the xid8 column, not the text alias: only it can walk the (tx_id, seq) index
            limit ?
            """;

    private static final String PROJECT = """
            with inserted as (
                insert into read.tracking_events_read_model (tracking_event_id, partner_id, partner_name,
                    partner_system_id, system_name, event_name, event_timestamp, user_id, anonymous_id, properties,
                    valid, validation_errors, correlation_id, received_at, processed_at)
                select e.id, e.partner_id, p.name, e.partner_system_id, s.name, e.event_name, e.event_timestamp,
                    e.user_id, e.anonymous_id, e.properties, e.valid, e.validation_errors, e.correlation_id,
                    e.received_at, now()
                from write.tracking_events e
                join write.partners p on p.id = e.partner_id
                join write.partner_systems s on s.id = e.partner_system_id
                where e.id = any(?)
                on conflict (tracking_event_id) do nothing
                returning partner_id, partner_system_id, event_name, event_timestamp, valid,
                          coalesce(user_id, anonymous_id) as user_key
            ), counted as (
                insert into read.event_stats_hourly as h (partner_id, bucket_start, partner_system_id, event_name,
                    event_count, invalid_count)
                select partner_id, date_trunc('hour', event_timestamp), partner_system_id, event_name, count(*),
                    count(*) filter (where not valid)
                from inserted
                group by 1, 2, 3, 4
                on conflict (partner_id, bucket_start, partner_system_id, event_name) do update
                set event_count = h.event_count + excluded.event_count,
                    invalid_count = h.invalid_count + excluded.invalid_count
            )
            select partner_id, partner_system_id, event_name, event_timestamp, user_key from inserted
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ProjectorProperties properties;
    private final StatisticsCacheGenerations cacheGenerations;
    private final Counter projected;
    private final Timer batchDuration;
    private final AtomicLong lagMillis = new AtomicLong();
    private final ObservationRegistry observations;

    TrackingEventProjector(JdbcTemplate jdbc, TransactionTemplate transactions, ProjectorProperties properties,
                           StatisticsCacheGenerations cacheGenerations, MeterRegistry registry,
                           ObjectProvider<ObservationRegistry> observations) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.cacheGenerations = cacheGenerations;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.projected = Counter.builder("tracking.projection.events").description("Events projected to the read model")
                .register(registry);
        this.batchDuration = Timer.builder("tracking.projection.batch.duration")
                .description("Time to project one batch").publishPercentileHistogram().register(registry);
        Gauge.builder("tracking.projection.lag", lagMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
                .description("Seconds between an event's arrival and its projection, for the last batch")
                .register(registry);
    }

    /** The scheduled poller: projects batches until caught up (or {@code maxBatches}). */
    @Scheduled(fixedDelayString = "${tracking.projector.interval:PT1S}", initialDelayString = "${tracking.projector.interval:PT1S}")
    public void poll() {
        if (!properties.enabled()) {
            return;
        }
        try {
            projectAvailable();
        } catch (RuntimeException e) {
            log.warn("Projection run failed; the next run starts from the last committed batch: {}", e.toString());
        }
    }

    /**
     * One run: projects until nothing projectable remains; returns the number of events projected by this node.
     * Observed as {@code tracking.projection.run} (a timer and a span, with the number of events projected).
     */
    public long projectAvailable() {
        Observation run = Observation.start("tracking.projection.run", observations).contextualName("projector run");
        try (Observation.Scope scope = run.openScope()) {
            long total = 0;
            for (int i = 0; i < properties.maxBatches(); i++) {
                BatchResult batch = projectBatch();
                total += batch.projected();
                if (!batch.lockAcquired() || batch.read() < properties.batchSize()) {
                    break;
                }
            }
            run.highCardinalityKeyValue("events", String.valueOf(total));
            return total;
        } catch (RuntimeException e) {
            run.error(e);
            throw e;
        } finally {
            run.stop();
        }
    }

    /** One transaction: lock, read past the cursor, insert, count, sketch, move the cursor. */
    public BatchResult projectBatch() {
        return batchDuration.record(() -> transactions.execute(status -> {
            Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                return BatchResult.SKIPPED;
            }
            Map<String, Object> cursor = jdbc.queryForMap(
                    "select last_tx_id::text as tx_id, last_seq from read.projection_cursor where name = 'tracking_events'");
            List<PendingEvent> batch = jdbc.query(NEXT_BATCH, (rs, row) -> new PendingEvent(
                            rs.getObject("id", UUID.class), rs.getString("tx_text"), rs.getLong("seq"),
                            rs.getTimestamp("received_at").toInstant()),
                    cursor.get("tx_id"), cursor.get("last_seq"), properties.batchSize());
            if (batch.isEmpty()) {
                lagMillis.set(0);
                return new BatchResult(true, 0, 0);
            }
            List<InsertedEvent> inserted = jdbc.query(connection -> {
                var statement = connection.prepareStatement(PROJECT);
                statement.setArray(1, connection.createArrayOf("uuid", batch.stream().map(PendingEvent::id).toArray()));
                return statement;
            }, (rs, row) -> new InsertedEvent(rs.getObject("partner_id", UUID.class),
                    rs.getObject("partner_system_id", UUID.class), rs.getString("event_name"),
                    rs.getTimestamp("event_timestamp").toInstant(), rs.getString("user_key")));
            updateSketches(inserted);
            PendingEvent last = batch.getLast();
            jdbc.update("update read.projection_cursor set last_tx_id = ?::xid8, last_seq = ?, updated_at = now() "
                    + "where name = 'tracking_events'", last.txId(), last.seq());
            Instant now = Instant.now();
            lagMillis.set(Duration.between(batch.getFirst().receivedAt(), now).toMillis());
            projected.increment(inserted.size());
            Set<UUID> partners = new HashSet<>();
            inserted.forEach(event -> partners.add(event.partnerId()));
            cacheGenerations.afterCommitEventsProjected(partners);
            return new BatchResult(true, batch.size(), inserted.size());
        }));
    }

    /** Adds each inserted event's user to the hourly and daily sketches of its system and event name. */
    private void updateSketches(List<InsertedEvent> inserted) {
        Map<SketchKey, Set<String>> usersByBucket = new HashMap<>();
        for (InsertedEvent event : inserted) {
            if (event.userKey() == null) {
                continue;
            }
            Instant hour = event.eventTimestamp().truncatedTo(ChronoUnit.HOURS);
            Instant day = event.eventTimestamp().truncatedTo(ChronoUnit.DAYS);
            usersByBucket.computeIfAbsent(new SketchKey(event, "H", hour), k -> new HashSet<>()).add(event.userKey());
            usersByBucket.computeIfAbsent(new SketchKey(event, "D", day), k -> new HashSet<>()).add(event.userKey());
            usersByBucket.computeIfAbsent(SketchKey.wholePartner(event, "H", hour), k -> new HashSet<>()).add(event.userKey());
            usersByBucket.computeIfAbsent(SketchKey.wholePartner(event, "D", day), k -> new HashSet<>()).add(event.userKey());
        }
        if (usersByBucket.isEmpty()) {
            return;
        }
        Map<SketchKey, HyperLogLog> sketches = new HashMap<>();
        List<SketchKey> keys = List.copyOf(usersByBucket.keySet());
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select s.partner_id, s.partner_system_id, s.event_name, s.granularity, s.bucket_start, s.sketch
                    from read.unique_user_sketches s
                    join unnest(?::uuid[], ?::char(1)[], ?::timestamptz[], ?::uuid[], ?::text[])
                        as k(partner_id, granularity, bucket_start, partner_system_id, event_name)
                      using (partner_id, granularity, bucket_start, partner_system_id, event_name)
                    """);
            statement.setArray(1, connection.createArrayOf("uuid", keys.stream().map(SketchKey::partnerId).toArray()));
            statement.setArray(2, connection.createArrayOf("text", keys.stream().map(SketchKey::granularity).toArray()));
            statement.setArray(3, connection.createArrayOf("timestamptz",
                    keys.stream().map(k -> Timestamp.from(k.bucketStart())).toArray()));
            statement.setArray(4, connection.createArrayOf("uuid", keys.stream().map(SketchKey::systemId).toArray()));
            statement.setArray(5, connection.createArrayOf("text", keys.stream().map(SketchKey::eventName).toArray()));
            return statement;
        }, rs -> {
            sketches.put(new SketchKey(rs.getObject("partner_id", UUID.class), rs.getObject("partner_system_id", UUID.class),
                    rs.getString("event_name"), rs.getString("granularity"), rs.getTimestamp("bucket_start").toInstant()),
                    HyperLogLog.fromBytes(rs.getBytes("sketch")));
        });
        List<SketchKey> changed = new ArrayList<>(usersByBucket.keySet());
        List<byte[]> merged = new ArrayList<>(changed.size());
        for (SketchKey key : changed) {
            HyperLogLog sketch = sketches.computeIfAbsent(key, k -> new HyperLogLog());
            usersByBucket.get(key).forEach(sketch::add);
            merged.add(sketch.toBytes());
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement("""
                    insert into read.unique_user_sketches (partner_id, granularity, bucket_start, partner_system_id,
                        event_name, sketch)
                    select * from unnest(?::uuid[], ?::char(1)[], ?::timestamptz[], ?::uuid[], ?::text[], ?::bytea[])
                    on conflict (partner_id, granularity, bucket_start, partner_system_id, event_name)
                    do update set sketch = excluded.sketch
                    """);
            statement.setArray(1, connection.createArrayOf("uuid", changed.stream().map(SketchKey::partnerId).toArray()));
            statement.setArray(2, connection.createArrayOf("text", changed.stream().map(SketchKey::granularity).toArray()));
            statement.setArray(3, connection.createArrayOf("timestamptz",
                    changed.stream().map(k -> Timestamp.from(k.bucketStart())).toArray()));
            statement.setArray(4, connection.createArrayOf("uuid", changed.stream().map(SketchKey::systemId).toArray()));
            statement.setArray(5, connection.createArrayOf("text", changed.stream().map(SketchKey::eventName).toArray()));
            statement.setArray(6, connection.createArrayOf("bytea", merged.toArray(new byte[0][])));
            return statement;
        });
    }

    /** What one batch did; {@code lockAcquired} is false when another node was projecting. */
    public record BatchResult(boolean lockAcquired, int read, int projected) {
        static final BatchResult SKIPPED = new BatchResult(false, 0, 0);
    }

    private record PendingEvent(UUID id, String txId, long seq, Instant receivedAt) {
    }

    private record InsertedEvent(UUID partnerId, UUID systemId, String eventName, Instant eventTimestamp,
                                 String userKey) {
    }

    private record SketchKey(UUID partnerId, UUID systemId, String eventName, String granularity, Instant bucketStart) {
        SketchKey(InsertedEvent event, String granularity, Instant bucketStart) {
            this(event.partnerId(), event.systemId(), event.eventName(), granularity, bucketStart);
        }

        /** The sketch of every system and event name of the partner (see {@link JdbcStatisticsViews#WHOLE_PARTNER}). */
        static SketchKey wholePartner(InsertedEvent event, String granularity, Instant bucketStart) {
            return new SketchKey(event.partnerId(), JdbcStatisticsViews.WHOLE_PARTNER, "", granularity, bucketStart);
        }
    }
}
