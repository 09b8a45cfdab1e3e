package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.application.analytics.PersonsLinked;
import com.volcanion.tracking.infrastructure.readmodel.UniqueUserSketches.UserSeen;
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
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Copies committed events from {@code write.tracking_events} into {@code read.tracking_events_read_model}, with
 * partner and system names, and maintains the hourly statistics and the {@link UniqueUserSketches}, all in one
 * transaction per batch.
 * <ul>
 * <li><b>No event skipped, no wait for unrelated transactions.</b> The cursor is a snapshot (PgQ's design): the
 * projector catches up from the {@code projected} snapshot to a {@code target} snapshot taken when it starts,
 * projecting the rows whose transaction is visible in the target and was not in the projected one, in
 * (transaction id, seq) order and in batches; once caught up, the target becomes the projected snapshot. A
 * transaction still open at the target is invisible in it and is projected by a later catch-up, however late it
 * commits. Only the rows of transactions the projected snapshot did not see are read (those in its in-progress
 * list, and those from its {@code xmax} on), so a transaction held open for hours, in this or any other database
 * of the cluster, neither holds projection back nor makes it re-read what it already projected.</li>
 * <li><b>Idempotent.</b> The read model's unique key turns a second copy away, and statistics count only the
 * rows actually inserted.</li>
 * <li><b>One projector at a time.</b> A batch first takes a transaction-scoped PostgreSQL advisory lock; a node
 * that cannot get it skips the run. Renames take the same lock (see {@link ReadModelRenames}).</li>
 * <li><b>Nothing half-done.</b> Rows, statistics, sketches and cursor commit together or not at all.</li>
 * <li><b>UTC.</b> Hours and days are cut in UTC ({@code date_trunc(..., 'UTC')}, instants bound as ISO-8601 text
 * with {@code Z}), whatever the time zone of the JVM or of the database session.</li>
 * </ul>
 * {@code tracking_projection_lag_seconds} is the age of the oldest committed event not yet projected (since it
 * was received), 0 only when none waits; every node measures it after each run, whether or not it projected.
 * Should the cluster's transaction ids fall behind the cursor (a dump restored into another cluster), the projector
 * refuses to run rather than skip every new row.
 */
@Component
@EnableConfigurationProperties(ProjectorProperties.class)
public class TrackingEventProjector implements SmartLifecycle {

    /** How many waiting rows of each kind the lag measurement looks at (see {@code OLDEST_WAITING}). */
    static final int LAG_SAMPLE = 10_000;
    /** The advisory lock key of the projector ("VTPROJ" in ASCII). */
    public static final long LOCK_KEY = 0x565450524f4aL;
    private static final Logger log = LoggerFactory.getLogger(TrackingEventProjector.class);

    private static final String CURSOR = """
            select projected_snapshot::text as projected, pg_snapshot_xmax(projected_snapshot)::text as projected_xmax,
                   coalesce(target_snapshot, pg_current_snapshot())::text as target,
                   target_snapshot is not null as catching_up,
                   pg_snapshot_xmax(pg_current_snapshot()) < pg_snapshot_xmax(projected_snapshot) as ids_went_back,
                   case when target_snapshot is null then '0' else target_tx_id::text end as after_tx,
                   case when target_snapshot is null then 0 else target_seq end as after_seq
            from read.projection_cursor where name = 'tracking_events'
            """;

    /**
     * The next rows towards the target: of the transactions in the projected snapshot's in-progress list, and of
     * those from its xmax on; each branch walks the (tx_id, seq) index from the position reached.
     */
    private static final String NEXT_BATCH = """
            select id, received_at, tx_id::text as tx_text, seq from (
                (select e.id, e.received_at, e.tx_id, e.seq from write.tracking_events e
                 where e.tx_id = any(array(select pg_snapshot_xip(?::pg_snapshot)))
                   and (e.tx_id, e.seq) > (?::xid8, ?) and pg_visible_in_snapshot(e.tx_id, ?::pg_snapshot)
                 order by e.tx_id, e.seq limit ?)
                union all
                (select e.id, e.received_at, e.tx_id, e.seq from write.tracking_events e
                 where (e.tx_id, e.seq) > (?::xid8, ?) and e.tx_id < pg_snapshot_xmax(?::pg_snapshot)
                   and pg_visible_in_snapshot(e.tx_id, ?::pg_snapshot)
                 order by e.tx_id, e.seq limit ?)
            ) pending
            order by tx_id, seq
            limit ?
            """;

    /**
     * The receive time of the oldest committed row not yet projected, or null (see the class comment): looked for
     * among the first {@value #LAG_SAMPLE} rows of each branch in transaction order, so that a large backlog costs an
     * index range, not a scan of the whole backlog, on every node every second.
     */
    private static final String OLDEST_WAITING = """
            select min(w.received_at) from read.projection_cursor c
            cross join lateral (
                (select e.received_at from write.tracking_events e
                 where e.tx_id = any(array(select pg_snapshot_xip(c.projected_snapshot)))
                   and pg_visible_in_snapshot(e.tx_id, pg_current_snapshot())
                   and not (c.target_snapshot is not null and pg_visible_in_snapshot(e.tx_id, c.target_snapshot)
                            and (e.tx_id, e.seq) <= (c.target_tx_id, c.target_seq))
                 order by e.tx_id, e.seq limit %1$d)
                union all
                (select e.received_at from write.tracking_events e
                 where e.tx_id >= pg_snapshot_xmax(c.projected_snapshot)
                   and pg_visible_in_snapshot(e.tx_id, pg_current_snapshot())
                   and not (c.target_snapshot is not null and pg_visible_in_snapshot(e.tx_id, c.target_snapshot)
                            and (e.tx_id, e.seq) <= (c.target_tx_id, c.target_seq))
                 order by e.tx_id, e.seq limit %1$d)
            ) w
            where c.name = 'tracking_events'
            """.formatted(TrackingEventProjector.LAG_SAMPLE);

    private static final String PROJECT = """
            with inserted as (
                insert into read.tracking_events_read_model (tracking_event_id, partner_id, partner_name,
                    partner_system_id, system_name, message_id, event_name, event_timestamp, user_id, anonymous_id,
                    properties, context, valid, validation_errors, correlation_id, received_at, processed_at, type)
                select e.id, e.partner_id, p.name, e.partner_system_id, s.name, e.message_id, e.event_name,
                    e.event_timestamp, e.user_id, e.anonymous_id, e.properties, e.context, e.valid, e.validation_errors,
                    e.correlation_id, e.received_at, now(), e.type
                from write.tracking_events e
                join write.partners p on p.id = e.partner_id
                join write.partner_systems s on s.id = e.partner_system_id
                where e.id = any(?) and e.received_at between ?::timestamptz and ?::timestamptz
                on conflict (tracking_event_id, received_at) do nothing
                returning partner_id, partner_system_id, event_name, event_timestamp, valid,
                          coalesce(user_id, anonymous_id) as user_key, coalesce(anonymous_id, user_id) as visitor, type,
                          user_id
            ), counted as (
                insert into read.event_stats_hourly as h (partner_id, bucket_start, partner_system_id, event_name,
                    event_count, invalid_count)
                select partner_id, date_trunc('hour', event_timestamp, 'UTC'), partner_system_id, event_name, count(*),
                    count(*) filter (where not valid)
                from inserted
                group by 1, 2, 3, 4
                on conflict (partner_id, bucket_start, partner_system_id, event_name) do update
                set event_count = h.event_count + excluded.event_count,
                    invalid_count = h.invalid_count + excluded.invalid_count
            )
            select partner_id, partner_system_id, event_name, event_timestamp, user_key, visitor,
                   type in ('IDENTIFY', 'ALIAS') and user_id is not null as changes_identity, user_id from inserted
            """;

    /**
     * The profiles and identity links of the users whose identify or alias calls the batch projected, copied from
     * the write side as they are now (the copy converges whatever order batches come in).
     */
    private static final String CARRY_PROFILES = """
            insert into read.user_profiles as r (partner_id, user_id, traits, anonymous_ids, first_seen, last_seen)
            select w.partner_id, w.user_id, w.traits, w.anonymous_ids, w.first_seen, w.last_seen
            from write.user_profiles w
            join unnest(?::uuid[], ?::text[]) as u(partner_id, user_id)
              on w.partner_id = u.partner_id and w.user_id = u.user_id
            on conflict (partner_id, user_id) do update
            set traits = excluded.traits, anonymous_ids = excluded.anonymous_ids, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen
            """;

    private static final String CARRY_LINKS = """
            insert into read.identity_links (partner_id, anonymous_id, user_id, linked_at)
            select w.partner_id, w.anonymous_id, w.user_id, w.linked_at
            from write.identity_links w
            join unnest(?::uuid[], ?::text[]) as u(partner_id, user_id)
              on w.partner_id = u.partner_id and w.user_id = u.user_id
            on conflict (partner_id, anonymous_id) do nothing
            returning partner_id
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final ProjectorProperties properties;
    private final UniqueUserSketches sketches;
    private final ApplicationEventPublisher events;
    private final SessionIslands sessions;
    private final Counter projected;
    private final Timer batchDuration;
    private final AtomicLong lagMillis = new AtomicLong();
    private final ObservationRegistry observations;
    private volatile ScheduledExecutorService scheduler;

    TrackingEventProjector(JdbcTemplate jdbc, TransactionTemplate transactions, ProjectorProperties properties,
                           UniqueUserSketches sketches, SessionIslands sessions, MeterRegistry registry,
                           ObjectProvider<ObservationRegistry> observations, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
        this.sessions = sessions;
        this.transactions = transactions;
        this.properties = properties;
        this.sketches = sketches;
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.projected = Counter.builder("tracking.projection.events").description("Events projected to the read model")
                .register(registry);
        this.batchDuration = Timer.builder("tracking.projection.batch.duration")
                .description("Time to project one batch").publishPercentileHistogram().register(registry);
        Gauge.builder("tracking.projection.lag", lagMillis, millis -> millis.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest committed event not yet projected (since it was received); 0 when none waits")
                .register(registry);
    }

    /**
     * Runs {@link #poll()} every {@code interval} on a thread of its own, so a long projection never delays another
     * scheduled task (the second eviction of a revoked key, say) and they never delay it.
     */
    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("projector").daemon().factory());
        long interval = properties.interval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Lets a batch in flight finish (its transaction commits or rolls back either way). */
    @Override
    public void stop() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** One scheduled run: projects batches until caught up (or {@code maxBatches}), then measures the lag. */
    public void poll() {
        if (properties.enabled()) {
            try {
                projectAvailable();
            } catch (RuntimeException | Error e) {   // an escaping throwable would end the schedule for good
                log.warn("Projection run failed; the next run starts from the last committed batch: {}", e.toString());
            }
        }
        try {
            measureLag();
        } catch (RuntimeException | Error e) {
            log.warn("Could not measure the projection lag: {}", e.toString());
        }
    }

    /** Measures {@code tracking_projection_lag_seconds} now; returns it. */
    public Duration measureLag() {
        Timestamp oldest = transactions.execute(status -> inIndexOrder(() ->
                jdbc.queryForObject(OLDEST_WAITING, Timestamp.class)));
        Duration lag = oldest == null ? Duration.ZERO : Duration.between(oldest.toInstant(), Instant.now());
        lagMillis.set(Math.max(0, lag.toMillis()));
        return lag;
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
            Cursor cursor = jdbc.queryForObject(CURSOR, (rs, row) -> new Cursor(rs.getString("projected"),
                    Long.parseUnsignedLong(rs.getString("projected_xmax")), rs.getString("target"),
                    rs.getBoolean("catching_up"), Long.parseUnsignedLong(rs.getString("after_tx")), rs.getLong("after_seq"),
                    rs.getBoolean("ids_went_back")));
            if (cursor.idsWentBack()) {
                throw new IllegalStateException("this cluster's transaction ids are behind the projector's cursor (the "
                        + "database was restored into another cluster?): projection stops; see docs/operations.md");
            }
            int size = properties.batchSize();
            // from the xmax on: past the position reached, and at least from xmax (every seq is >= 1)
            boolean pastXmax = Long.compareUnsigned(cursor.afterTx(), cursor.projectedXmax()) >= 0;
            List<PendingEvent> batch = inIndexOrder(() -> jdbc.query(NEXT_BATCH, (rs, row) -> new PendingEvent(
                            rs.getObject("id", UUID.class),
                            rs.getObject("received_at", OffsetDateTime.class).toInstant(), rs.getString("tx_text"),
                            rs.getLong("seq")),
                    cursor.projected(), Long.toUnsignedString(cursor.afterTx()), cursor.afterSeq(), cursor.target(), size,
                    Long.toUnsignedString(pastXmax ? cursor.afterTx() : cursor.projectedXmax()),
                    pastXmax ? cursor.afterSeq() : 0, cursor.target(), cursor.target(), size, size));
            Set<Identified> identified = new LinkedHashSet<>();
            List<SessionIslands.Visit> visits = new ArrayList<>();
            List<UserSeen> inserted = batch.isEmpty() ? List.of() : jdbc.query(connection -> {
                var statement = connection.prepareStatement(PROJECT);
                statement.setArray(1, connection.createArrayOf("uuid", batch.stream().map(PendingEvent::id).toArray()));
                // the batch's time span, so that only the partitions holding it are read
                statement.setString(2, batch.stream().map(PendingEvent::receivedAt).min(Comparator.naturalOrder())
                        .orElseThrow().toString());
                statement.setString(3, batch.stream().map(PendingEvent::receivedAt).max(Comparator.naturalOrder())
                        .orElseThrow().toString());
                return statement;
            }, (rs, row) -> {
                UUID partnerId = rs.getObject("partner_id", UUID.class);
                if (rs.getBoolean("changes_identity")) {
                    identified.add(new Identified(partnerId, rs.getString("user_id")));
                }
                visits.add(new SessionIslands.Visit(partnerId, rs.getObject("partner_system_id", UUID.class),
                        rs.getString("visitor"), rs.getTimestamp("event_timestamp").toInstant()));
                return new UserSeen(partnerId, rs.getObject("partner_system_id", UUID.class),
                        rs.getString("event_name"), rs.getTimestamp("event_timestamp").toInstant(),
                        rs.getString("user_key"));
            });
            sketches.add(inserted);
            sessions.add(visits);
            carryProfiles(identified);
            if (batch.isEmpty() && !cursor.catchingUp()) {
                return new BatchResult(true, 0, 0);   // nothing new: the cursor may stay where it is
            }
            if (batch.size() < size) {   // caught up with the target: it becomes the projected snapshot
                jdbc.update("update read.projection_cursor set projected_snapshot = ?::pg_snapshot, target_snapshot = null, "
                        + "target_tx_id = '0', target_seq = 0, updated_at = now() where name = 'tracking_events'",
                        cursor.target());
            } else {
                PendingEvent last = batch.getLast();
                jdbc.update("update read.projection_cursor set target_snapshot = ?::pg_snapshot, target_tx_id = ?::xid8, "
                        + "target_seq = ?, updated_at = now() where name = 'tracking_events'",
                        cursor.target(), last.txId(), last.seq());
            }
            projected.increment(inserted.size());
            return new BatchResult(true, batch.size(), inserted.size());
        }));
    }

    /**
     * Runs a read in the (tx_id, seq) index's order inside the current transaction with sorting disabled: walking the
     * partitions' indexes merged in order is what reads only the rows wanted, but a backlog loaded in a few large
     * transactions (a COPY, a restore) makes the planner expect one row and sort every partition's rows instead
     * (measured: 7.3 s instead of 18 ms for the next 5,000 of 10 million rows written in one transaction).
     */
    private <T> T inIndexOrder(Supplier<T> read) {
        jdbc.execute("set local enable_sort = off");
        T result = read.get();   // a failure rolls the transaction back, and the setting with it
        jdbc.execute("set local enable_sort = on");
        return result;
    }

    /**
     * Copies the users' profiles and identity links to the read side, in the batch's transaction; a partner that
     * gained links is announced ({@link PersonsLinked}, heard after the commit: its cached analytics go).
     */
    private void carryProfiles(Set<Identified> users) {
        if (users.isEmpty()) {
            return;
        }
        jdbc.update(connection -> arrays(connection.prepareStatement(CARRY_PROFILES), users));
        Set<UUID> linked = new HashSet<>(jdbc.query(connection -> arrays(connection.prepareStatement(CARRY_LINKS), users),
                (rs, row) -> rs.getObject("partner_id", UUID.class)));
        linked.forEach(partnerId -> events.publishEvent(new PersonsLinked(partnerId)));
    }

    private static PreparedStatement arrays(PreparedStatement statement, Set<Identified> users) throws SQLException {
        Connection connection = statement.getConnection();
        statement.setArray(1, connection.createArrayOf("uuid", users.stream().map(Identified::partnerId).toArray()));
        statement.setArray(2, connection.createArrayOf("text", users.stream().map(Identified::userId).toArray()));
        return statement;
    }

    /** A user whose identify or alias call a batch projected. */
    private record Identified(UUID partnerId, String userId) {
    }

    /** What one batch did; {@code lockAcquired} is false when another node was projecting. */
    public record BatchResult(boolean lockAcquired, int read, int projected) {
        static final BatchResult SKIPPED = new BatchResult(false, 0, 0);
    }

    private record Cursor(String projected, long projectedXmax, String target, boolean catchingUp, long afterTx,
                          long afterSeq, boolean idsWentBack) {
    }

    private record PendingEvent(UUID id, Instant receivedAt, String txId, long seq) {
    }
}
