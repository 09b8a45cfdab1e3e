package com.volcanion.tracking.infrastructure.lifecycle;

import io.micrometer.core.instrument.Counter;
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
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the month partitions of the events tables (docs/decisions.md, 37): {@code write.tracking_events} and
 * {@code read.tracking_events_read_model} are partitioned by {@code received_at}, one partition per calendar month in
 * UTC named {@code <table>_pYYYY_MM}, plus a {@code <table>_default} partition for any row no month partition holds.
 * On every node, at start and then every {@code tracking.partitions.interval}:
 * <ol>
 * <li><b>Ahead.</b> The current month's and the next {@code months-ahead} months' partitions are created, and so is
 * the partition of any month whose rows sit in the default partition (a clock that jumped, rows loaded by hand): those
 * rows move into it. Created empty and attached ({@code ATTACH PARTITION} takes a lock that lets writes go on; only
 * the default partition is locked while its rows move).</li>
 * <li><b>Retention</b> ({@code tracking.retention.days} > 0). The horizon is the first instant of the month (UTC) that
 * holds {@code now - days}: every month partition that ends at or before it is dropped whole, the read model's first;
 * rows of the default partition before it are deleted. The dedup keys of the events go in the transaction that drops
 * or deletes them (found from the partition's rows, not by a scan of the key table), so a messageId stays deduplicated
 * exactly as long as its event is kept. Hourly statistics and unique-user sketches are not touched.</li>
 * </ol>
 * Each step is a transaction of its own that first takes a transaction-scoped advisory lock: one node at a time does a
 * step, and each step checks under the lock whether it is still needed, so steps are idempotent and a node killed
 * mid-run leaves nothing half-done. A step that cannot get its table lock within {@code lock-timeout} (a long query on
 * the table) is given up until the next run, so that writes never queue behind it for long.
 */
@Component
@EnableConfigurationProperties({PartitionProperties.class, RetentionProperties.class})
public class PartitionMaintainer implements SmartLifecycle {

    /** The advisory lock key of partition upkeep ("VTPART" in ASCII). */
    public static final long LOCK_KEY = 0x565450415254L;
    /** The partitioned tables; the read model first, so the query API never shows an event the write side dropped. */
    public static final List<String> TABLES = List.of("read.tracking_events_read_model", "write.tracking_events");
    private static final String WRITE_TABLE = "write.tracking_events";
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
            for (YearMonth month : wanted) {
                if ((horizon == null || !month.isBefore(horizon)) && createMonth(table, month)) {
                    created.add(partitionName(table, month));
                }
            }
            if (horizon == null) {
                continue;
            }
            for (YearMonth month : monthPartitions(table).headSet(horizon)) {
                if (Boolean.TRUE.equals(dropMonth(table, month))) {
                    dropped.add(partitionName(table, month));
                }
            }
            Long deleted = step(() -> jdbc.queryForObject(withKeysOf(table, "delete from " + table + "_default "
                    + "where received_at < ?::timestamptz"), Long.class, start(horizon).toString()));
            defaultRowsDeleted += deleted == null ? 0 : deleted;
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
                  + "delete from write.tracking_event_keys k using gone g where k.partner_system_id = g.partner_system_id "
                  + "and k.message_id = g.message_id and k.event_id = g.id) select count(*) from gone"
                : "with gone as (" + delete + " returning 1) select count(*) from gone";
    }

    /** Creates the month's partition unless it exists, moving into it the default partition's rows of that month. */
    private boolean createMonth(String table, YearMonth month) {
        String name = partitionName(table, month);
        String from = start(month).toString();
        String to = start(month.plusMonths(1)).toString();
        Integer moved = step(() -> {
            if (monthPartitions(table).contains(month)) {
                return null;
            }
            jdbc.execute("create table " + name + " (like " + table + " including defaults including constraints)");
            int rows = jdbc.update("with moved as (delete from " + table + "_default where received_at >= ?::timestamptz"
                    + " and received_at < ?::timestamptz returning *) insert into " + name + " select * from moved", from, to);
            jdbc.execute("alter table " + table + " attach partition " + name
                    + " for values from ('" + from + "') to ('" + to + "')");
            return rows;
        });
        if (moved == null) {   // there already, or not done this run
            return false;
        }
        log.info("Created partition {} for received_at [{}, {}){}", name, from, to,
                moved == 0 ? "" : ", moving " + moved + " rows out of " + table + "_default");
        created(table).increment();
        return true;
    }

    /**
     * Drops the month's partition: true when this call dropped it, false when it was gone already (another node), null
     * when it could not (it is still there).
     */
    private Boolean dropMonth(String table, YearMonth month) {
        String name = partitionName(table, month);
        Optional<Map<String, Object>> size = step(() -> {
            if (!monthPartitions(table).contains(month)) {
                return Optional.empty();
            }
            Map<String, Object> before = jdbc.queryForMap("select greatest(reltuples, 0)::bigint as rows, "
                    + "pg_total_relation_size(oid) as bytes from pg_class where oid = ?::regclass", name);
            if (table.equals(WRITE_TABLE)) {   // the dedup keys of its events, in the transaction that drops them
                jdbc.update("delete from write.tracking_event_keys k using " + name + " e "
                        + "where k.partner_system_id = e.partner_system_id and k.message_id = e.message_id and k.event_id = e.id");
            }
            jdbc.execute("drop table " + name);
            return Optional.of(before);
        });
        if (size == null || size.isEmpty()) {
            return size == null ? null : false;
        }
        log.info("Dropped partition {} (received_at [{}, {}), about {} rows, {} bytes): older than the retention of {} "
                + "days", name, start(month), start(month.plusMonths(1)), size.get().get("rows"), size.get().get("bytes"),
                retention.days());
        dropped(table).increment();
        return true;
    }

    /**
     * Runs one step in a transaction of its own under the advisory lock and the lock timeout; null when another node
     * holds the lock or the table lock did not come in time (the next run tries again).
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
                log.warn("Partition upkeep waited {} for a table lock and gives up until its next run: {}",
                        partitions.lockTimeout(), sql.getMessage());
                return null;
            }
            throw e;
        }
    }

    /** The months of the table's month partitions. */
    TreeSet<YearMonth> monthPartitions(String table) {
        TreeSet<YearMonth> months = new TreeSet<>();
        for (String name : jdbc.queryForList(PARTITIONS, String.class, table)) {
            Matcher matcher = MONTH_SUFFIX.matcher(name);
            if (matcher.find()) {
                months.add(YearMonth.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2))));
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
        return Counter.builder("tracking.partitions.created").tag("table", table)
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
                maintain(Instant.now());
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
