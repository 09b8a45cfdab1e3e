package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the month partitions of the events tables (docs/decisions.md, 37): {@code write.tracking_events} and
 * {@code read.tracking_events_read_model} are partitioned by {@code received_at}, one partition per calendar month in
 * UTC named {@code <table>_pYYYY_MM}, plus a {@code <table>_default} partition for any row no month partition holds.
 * On every node, at start and then every {@code tracking.partitions.interval}:
 * <ol>
 * <li><b>Ahead.</b> The current month's and the next {@code months-ahead} (at least 1) months' partitions are
 * created, and so is the partition of any month whose rows sit in the default partition (a clock that jumped, rows
 * loaded by hand): those rows move into it. A partition is created as a table of its own and attached: {@code ATTACH
 * PARTITION} takes {@code SHARE UPDATE EXCLUSIVE} on the table, so writes go on, but {@code ACCESS EXCLUSIVE} on the
 * default partition, which is taken first (under the lock timeout), with the projector's advisory lock, so that rows
 * cannot arrive in the default partition between the move and the attach, and the projector never looks for moved
 * rows in neither place. Reads of the whole table wait for that short lock. The partitions rows moved into and the
 * default partition are then vacuumed, once a run, so that index-only reads of the moved rows stay index-only.</li>
 * <li><b>Retention</b> ({@code tracking.retention.days} > 0), by the database's clock. The horizon is the first instant
 * of the month (UTC) that holds {@code now - days}: every month partition that ends at or before it is detached (a
 * short {@code ACCESS EXCLUSIVE} lock of the table, the read model's first), which takes its events out of the service;
 * then, a batch a transaction, its events are deleted with their dedup keys, and it is dropped. Rows of the default
 * partition before the horizon are deleted with their keys. A messageId stays deduplicated at least as long as its
 * event is kept. Hourly statistics and unique-user sketches are not touched.</li>
 * </ol>
 * Each step is a transaction of its own that first takes a transaction-scoped advisory lock: one node at a time does a
 * step, and each step checks under the lock whether it is still needed, so steps are idempotent and a node killed
 * mid-run leaves nothing half-done (a detached partition not yet dropped is found and dropped by the next run). A step
 * that cannot get a lock within {@code lock-timeout} (a long query on the table), or fails, is given up until the next
 * run, without stopping the others: writes never queue behind it for long.
 * <p>
 * Metered as {@code tracking_partitions_added_total{table}}, {@code tracking_partitions_dropped_total{table}} and
 * {@code tracking_partitions_covered_until_seconds{table}}: when the newest month partition ends, as this node's last
 * run found it (an absolute time, so it stays right while upkeep fails, and an alert can compare it to now).
 */
@Component
@EnableConfigurationProperties({PartitionProperties.class, RetentionProperties.class})
public class PartitionMaintainer implements SmartLifecycle {

    /** The advisory lock key of partition upkeep ("VTPART" in ASCII). */
    public static final long LOCK_KEY = 0x565450415254L;
    /** The partitioned tables; the read model first, so the query API never shows an event the write side dropped. */
    public static final List<String> TABLES = List.of("read.tracking_events_read_model", "write.tracking_events");
    private static final String WRITE_TABLE = "write.tracking_events";
    /** How long the vacuum after a move waits for the snapshots older than the move to end. */
    private static final Duration HORIZON_WAIT = Duration.ofSeconds(30);
    static final int KEY_BATCH = 10_000;
    private static final Logger log = LoggerFactory.getLogger(PartitionMaintainer.class);
    private static final Pattern MONTH_SUFFIX = Pattern.compile("_p(\\d{4})_(\\d{2})$");
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private static final String PARTITIONS = """
            select c.relname from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            where i.inhparent = ?::regclass
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final PartitionProperties partitions;
    private final RetentionProperties retention;
    private final MeterRegistry registry;
    /** Per table, when its newest month partition ends (epoch seconds), as the last run found it; NaN before one. */
    private final Map<String, AtomicLong> coveredUntil = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService scheduler;

    PartitionMaintainer(JdbcTemplate jdbc, TransactionTemplate transactions, PartitionProperties partitions,
                        RetentionProperties retention, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.partitions = partitions;
        this.retention = retention;
        this.registry = registry;
        for (String table : TABLES) {
            created(table);
            dropped(table);
            AtomicLong until = coveredUntil.computeIfAbsent(table, name -> new AtomicLong(Long.MIN_VALUE));
            Gauge.builder("tracking.partitions.covered.until", until,
                            value -> value.get() == Long.MIN_VALUE ? Double.NaN : value.get())
                    .tag("table", table).baseUnit("seconds")
                    .description("When the newest month partition ends, in seconds since the epoch (UTC): rows "
                            + "received after it go to the default partition").register(registry);
        }
    }

    /** What one run did. */
    public record Run(List<String> created, List<String> dropped, long defaultRowsDeleted) {
    }

    /** Runs the upkeep at {@code now}; a call waits for this node's run in progress, if any. */
    public synchronized Run maintain(Instant now) {
        YearMonth current = YearMonth.from(now.atZone(ZoneOffset.UTC));
        YearMonth horizon = retention.days() == 0 ? null
                : YearMonth.from(now.minus(Duration.ofDays(retention.days())).atZone(ZoneOffset.UTC));
        List<String> created = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        long defaultRowsDeleted = 0;
        for (String table : TABLES) {
            TreeSet<YearMonth> wanted = new TreeSet<>();
            for (int ahead = 0; ahead <= partitions.monthsAhead(); ahead++) {
                wanted.add(current.plusMonths(ahead));
            }
            wanted.addAll(monthsInDefault(table));
            List<String> filled = new ArrayList<>();   // partitions that rows moved into, then the default they left
            long lastMove = 0;
            for (YearMonth month : wanted) {
                Move move = horizon == null || !month.isBefore(horizon) ? createMonth(table, month) : null;
                if (move != null) {
                    created.add(partitionName(table, month));
                    if (move.rows() > 0) {
                        filled.add(partitionName(table, month));
                        lastMove = move.xid();
                    }
                }
            }
            if (!filled.isEmpty()) {   // once for all of the table's moves: the last one is the newest
                filled.add(table + "_default");
                vacuum(String.join(", ", filled), lastMove);
            }
            TreeSet<YearMonth> months = monthPartitions(table);
            if (!months.isEmpty()) {
                coveredUntil.get(table).set(start(months.last().plusMonths(1)).getEpochSecond());
            }
            if (horizon == null) {
                continue;
            }
            for (YearMonth month : months.headSet(horizon)) {
                if (detachMonth(table, month)) {
                    dropped.add(partitionName(table, month));
                }
            }
            Long deleted = step(() -> jdbc.queryForObject(withKeysOf(table, "delete from " + table + "_default "
                    + "where received_at < ?::timestamptz"), Long.class, start(horizon).toString()));
            defaultRowsDeleted += deleted == null ? 0 : deleted;
        }
        if (horizon != null) {
            detachedMonths(horizon).forEach(this::dropDetached);
        }
        return new Run(created, dropped, defaultRowsDeleted);
    }

    /**
     * A statement that deletes the rows {@code delete} (a DELETE of events) deletes, and, for the write side, their
     * dedup keys; it answers how many rows it deleted. The keys go in the same statement as their events, so a messageId
     * stays deduplicated exactly as long as its event is kept.
     */
    private static String withKeysOf(String table, String delete) {
        return table.equals(WRITE_TABLE)
                ? "with gone as (" + delete + " returning partner_system_id, message_id, id), keys as ("
                  + deleteKeysOf("gone") + ") select count(*) from gone"
                : "with gone as (" + delete + " returning 1) select count(*) from gone";
    }

    /**
     * The statement that deletes the dedup keys of the events a CTE named {@code events} returned (its columns
     * {@code partner_system_id, message_id, id}): in the same statement as the events, so that a key never outlives
     * its event by a commit, nor an event its key.
     */
    static String deleteKeysOf(String events) {
        return "delete from write.tracking_event_keys k using " + events + " e where k.partner_system_id = "
                + "e.partner_system_id and k.message_id = e.message_id and k.event_id = e.id";
    }

    /**
     * Creates the month's partition unless it exists, moving into it the default partition's rows of that month; what
     * it moved, or null when it did not create it.
     */
    private Move createMonth(String table, YearMonth month) {
        String name = partitionName(table, month);
        String from = start(month).toString();
        String to = start(month.plusMonths(1)).toString();
        Move moved = step(() -> {
            if (monthPartitions(table).contains(month)) {
                return null;
            }
            // the projector reads the default partition: it must not see moved rows in neither place (its plan can
            // predate this commit, its snapshot not); and rows must not arrive in the default between the move and
            // the attach (which re-checks the default partition)
            jdbc.query("select pg_advisory_xact_lock(?)", rs -> null, TrackingEventProjector.LOCK_KEY);
            jdbc.execute("lock table " + table + "_default in access exclusive mode");
            jdbc.execute("create table " + name + " (like " + table + " including defaults including constraints)");
            int rows = jdbc.update("with moved as (delete from " + table + "_default where received_at >= ?::timestamptz"
                    + " and received_at < ?::timestamptz returning *) insert into " + name + " select * from moved", from, to);
            jdbc.execute("alter table " + table + " attach partition " + name
                    + " for values from ('" + from + "') to ('" + to + "')");
            // flushed to disk at commit (not later, as asynchronous commits are), before the vacuum that follows, which
            // cannot mark rows of an unflushed commit visible; 'local': no wait for a synchronous standby under the locks
            jdbc.execute("set local synchronous_commit = local");
            // the move's transaction id as the 32-bit xid that pg_stat_activity shows
            return new Move(rows, jdbc.queryForObject("select pg_current_xact_id()::text::bigint & 4294967295", Long.class));
        });
        if (moved == null) {   // there already, or not done this run
            return null;
        }
        log.info("Created partition {} for received_at [{}, {}){}", name, from, to,
                moved.rows() == 0 ? "" : ", moving " + moved.rows() + " rows out of " + table + "_default");
        created(table).increment();
        return moved;
    }

    /** The rows a partition's creation moved out of the default partition, and its transaction's id. */
    private record Move(int rows, long xid) {
    }

    /**
     * Vacuums (and analyzes) the tables moves filled and emptied, outside any transaction: a new partition has no
     * visibility map until then, so every index-only read of it (funnels, retention) visits each row (measured at
     * 10 M events: a funnel took 6.0 s instead of 2.2 s), and autovacuum may come minutes later. Vacuum marks a page
     * all-visible only when no snapshot of the database predates the rows, so it first waits (at most
     * {@link #HORIZON_WAIT}) until every client's snapshot taken before the move's commit has ended (a replication
     * slot or a standby's feedback may still hold rows back: then autovacuum finishes the work later). A failure only leaves it to
     * autovacuum.
     */
    private void vacuum(String tables, long moveXid) {
        try {
            long giveUp = System.nanoTime() + HORIZON_WAIT.toNanos();
            while (Boolean.TRUE.equals(jdbc.queryForObject("""
                    select exists (select 1 from pg_stat_activity where datname = current_database()
                                   and backend_type = 'client backend' and pid <> pg_backend_pid()
                                   and age(backend_xmin) >= age(?::text::xid))""",
                    Boolean.class, moveXid)) && System.nanoTime() - giveUp < 0) {
                Thread.sleep(50);
            }
            // every table vacuumed before any is analyzed: an analysis commits (asynchronously where commits are), and a
            // vacuum after it could not mark the rows of a commit sharing its log group visible until the log is flushed
            jdbc.execute("vacuum " + tables);
            jdbc.execute("analyze " + tables);
        } catch (DataAccessException e) {
            log.warn("Vacuuming {} after a move failed; autovacuum will: {}", tables, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Detaches the month's partition, which takes its events out of the table in one short lock of the table (up to
     * {@code lock-timeout}); {@link #dropDetached} then deletes their dedup keys in batches and drops it. True when
     * this call detached it.
     */
    private boolean detachMonth(String table, YearMonth month) {
        String name = partitionName(table, month);
        Map<String, Object> size = step(() -> {
            if (!monthPartitions(table).contains(month)) {
                return null;   // another node was first
            }
            Map<String, Object> before = jdbc.queryForMap("select greatest(reltuples, 0)::bigint as rows, "
                    + "pg_total_relation_size(oid) as bytes from pg_class where oid = ?::regclass", name);
            jdbc.execute("alter table " + table + " detach partition " + name);
            return before;
        });
        if (size == null) {
            return false;
        }
        log.info("Dropped partition {} (received_at [{}, {}), about {} rows, {} bytes): older than the retention of {} "
                + "days", name, start(month), start(month.plusMonths(1)), size.get("rows"), size.get("bytes"),
                retention.days());
        dropped(table).increment();
        return true;
    }

    /**
     * Drops a detached month partition, first deleting, a batch a transaction, its events together with their dedup
     * keys (for the read model, no keys: it is dropped at once). Resumed by the next run if a node dies meanwhile.
     */
    private void dropDetached(String name) {
        if (name.startsWith(WRITE_TABLE + "_p")) {
            Long deleted;
            do {
                deleted = step(() -> jdbc.queryForObject(withKeysOf(WRITE_TABLE, "delete from " + name
                        + " where ctid = any(array(select ctid from " + name + " limit " + KEY_BATCH + "))"), Long.class));
            } while (deleted != null && deleted == KEY_BATCH);
            if (deleted == null) {
                return;   // the next run goes on
            }
        }
        step(() -> {
            jdbc.execute("drop table if exists " + name);
            return true;
        });
    }

    /**
     * The month partitions detached and not dropped yet (by this run, or by a node that died meanwhile) of months before
     * the horizon: a month an operator detached by hand (to archive it, say) is left alone unless it is past retention.
     */
    private List<String> detachedMonths(YearMonth horizon) {
        return jdbc.queryForList("""
                select n.nspname || '.' || c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace
                where c.relkind = 'r' and not c.relispartition
                  and ((n.nspname = 'write' and c.relname ~ '^tracking_events_p[0-9]{4}_[0-9]{2}$')
                    or (n.nspname = 'read' and c.relname ~ '^tracking_events_read_model_p[0-9]{4}_[0-9]{2}$'))
                """, String.class).stream().filter(name -> month(name).isBefore(horizon)).toList();
    }

    private static YearMonth month(String partitionName) {
        Matcher matcher = MONTH_SUFFIX.matcher(partitionName);
        if (!matcher.find()) {
            throw new IllegalArgumentException(partitionName + " is not a month partition");
        }
        return YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    /**
     * Runs one step in a transaction of its own under the advisory lock and the lock timeout; null when another node
     * holds the lock, a lock did not come in time or the step failed (the next run tries again).
     */
    private <T> T step(Supplier<T> work) {
        try {
            return transactions.execute(status -> {
                if (!Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class,
                        LOCK_KEY))) {
                    return null;
                }
                jdbc.queryForObject("select set_config('lock_timeout', ?, true)", String.class,
                        partitions.lockTimeout().toMillis() + "ms");
                return work.get();
            });
        } catch (DataAccessException e) {
            if (e.getMostSpecificCause() instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                log.warn("Partition upkeep waited {} for a lock and gives up until its next run: {}",
                        partitions.lockTimeout(), sql.getMessage());
            } else {   // one step's failure (a deadlock, say) does not stop the others
                log.warn("A step of partition upkeep failed; the next run tries again: {}", e.toString());
            }
            return null;
        }
    }

    /** The months of the table's month partitions. */
    TreeSet<YearMonth> monthPartitions(String table) {
        TreeSet<YearMonth> months = new TreeSet<>();
        for (String name : jdbc.queryForList(PARTITIONS, String.class, table)) {
            if (MONTH_SUFFIX.matcher(name).find()) {
                months.add(month(name));
            }
        }
        return months;
    }

    private List<YearMonth> monthsInDefault(String table) {
        return jdbc.queryForList("select distinct to_char(received_at at time zone 'UTC', 'YYYY-MM') from " + table
                + "_default", String.class).stream().map(YearMonth::parse).toList();
    }

    private static String partitionName(String table, YearMonth month) {
        return "%s_p%04d_%02d".formatted(table, month.getYear(), month.getMonthValue());
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private Counter created(String table) {
        return Counter.builder("tracking.partitions.added").tag("table", table)
                .description("Month partitions created").register(registry);
    }

    private Counter dropped(String table) {
        return Counter.builder("tracking.partitions.dropped").tag("table", table)
                .description("Month partitions dropped by retention").register(registry);
    }

    /** Runs the upkeep now and then every {@code interval}, on a thread of its own. */
    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("partitions").daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                // the database's clock, one for every node: a node whose clock runs ahead drops nothing early
                maintain(jdbc.queryForObject("select now()", OffsetDateTime.class).toInstant());
            } catch (RuntimeException | Error e) {   // an escaping throwable would end the schedule for good
                log.warn("Partition upkeep failed; the next run tries again: {}", e.toString());
            }
        }, 0, partitions.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        scheduler.shutdownNow();
        scheduler = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }
}
