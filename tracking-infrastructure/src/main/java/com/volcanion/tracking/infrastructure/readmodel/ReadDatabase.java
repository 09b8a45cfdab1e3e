package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.infrastructure.persistence.DatabaseFailures;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where the query, statistics and analytics APIs read: the replica of {@code tracking.read-datasource.*} while it
 * answers and replays within {@code max-lag} of the primary, else the primary ({@code spring.datasource.*}). Writes,
 * the projector, jobs and the management API never come here: they use the primary's beans.
 * <p>
 * Every node probes the replica each {@code probe-interval} ({@link #probe}) on a connection of its own, which gives
 * up after {@value #PROBE_TIMEOUT_SECONDS} s without an answer (a read, after {@value #READ_TIMEOUT_SECONDS} s). A probe that finds the replica within {@code max-lag}
 * lets reads go there until the moment its lag would reach {@code max-lag} if it replayed nothing more; so a prober
 * that stalls, or a replica that freezes, stops being read within {@code max-lag}. A read the replica fails — it is
 * gone, shutting down, timed out, cancelled the statement for a conflict with recovery, or had no free connection —
 * is run again on the primary at once (reads are idempotent): a client never sees the replica's failure. When the
 * failure says the replica is down, reads stay on the primary until a probe finds it well again.
 * <p>
 * Metrics: {@code tracking_read_queries_total{source="replica"|"primary"}} (reads served by each),
 * {@code tracking_read_replica_lag_seconds} (NaN while the replica does not answer),
 * {@code tracking_read_replica_usable} (1 while reads go to it) and the replica pool's {@code hikaricp_*{pool="replica"}}.
 */
@Component
@EnableConfigurationProperties(ReadDataSourceProperties.class)
public class ReadDatabase implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadDatabase.class);
    static final int PROBE_TIMEOUT_SECONDS = 2;
    /** A read on the replica that has had no answer for so long is given up and asked of the primary. */
    static final int READ_TIMEOUT_SECONDS = 60;
    private static final int MAX_POSITIONS = 3600;

    /** A database to read from: its statements and its transactions. */
    public record Source(String name, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    }

    private final Source primary;
    private final Source replica;
    private final HikariDataSource replicaPool;
    /** The probe's own connection to the replica: never waits behind reads, gives up soon. */
    private final HikariDataSource probePool;
    private final JdbcTemplate replicaProbe;
    /** The primary's side of the probe: its WAL position, with a timeout. */
    private final JdbcTemplate primaryProbe;
    private final ReadDataSourceProperties properties;
    private final Counter primaryReads;
    private final Counter replicaReads;
    /** Until when (System.nanoTime()) reads may go to the replica; 0: not now. */
    private volatile long usableUntil;
    private volatile double replicaLagSeconds = Double.NaN;
    /** The primary's positions at the probes since the latest one the replica has replayed (the prober's thread only). */
    private final Deque<Position> positions = new ArrayDeque<>();
    private ScheduledExecutorService prober;

    ReadDatabase(JdbcTemplate jdbc, PlatformTransactionManager transactions, ReadDataSourceProperties properties,
                 MeterRegistry meters) {
        this.primary = new Source("primary", jdbc, transactions);
        this.properties = properties;
        this.primaryReads = reads(meters, "primary");
        this.replicaReads = reads(meters, "replica");
        if (!properties.configured()) {
            replicaPool = null;
            probePool = null;
            replica = null;
            replicaProbe = null;
            primaryProbe = null;
            return;
        }
        if (properties.maxLag().compareTo(properties.probeInterval()) <= 0) {
            throw new IllegalArgumentException("tracking.read-datasource.max-lag (" + properties.maxLag()
                    + ") must be longer than tracking.read-datasource.probe-interval (" + properties.probeInterval() + ")");
        }
        replicaPool = pool("replica", properties.poolSize(), READ_TIMEOUT_SECONDS);
        replicaPool.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        replica = new Source("replica", new JdbcTemplate(replicaPool), new DataSourceTransactionManager(replicaPool));
        probePool = pool("replica-probe", 1, PROBE_TIMEOUT_SECONDS);
        replicaProbe = new JdbcTemplate(probePool);
        primaryProbe = new JdbcTemplate(jdbc.getDataSource());
        primaryProbe.setQueryTimeout(PROBE_TIMEOUT_SECONDS);
        Gauge.builder("tracking.read.replica.lag", this, database -> database.replicaLagSeconds)
                .baseUnit("seconds").description("How far the read replica's replay is behind the primary")
                .register(meters);
        Gauge.builder("tracking.read.replica.usable", this, database -> database.replicaUsable() ? 1 : 0)
                .description("1 while the query, statistics and analytics APIs read from the replica").register(meters);
    }

    /**
     * A pool of read-only connections to the replica, which give up on a replica that stops answering without
     * closing them (a partition, a frozen host) after {@code socketTimeout} seconds.
     */
    private HikariDataSource pool(String name, int size, int socketTimeout) {
        HikariDataSource pool = new HikariDataSource();
        pool.setPoolName(name);
        pool.setJdbcUrl(properties.url());
        pool.setUsername(properties.username());
        pool.setPassword(properties.password());
        pool.setMaximumPoolSize(size);
        pool.setReadOnly(true);
        pool.setConnectionTimeout(1500);
        pool.setValidationTimeout(1000);
        pool.setInitializationFailTimeout(-1);   // the service starts whether the replica answers or not
        pool.setConnectionInitSql("set time zone 'UTC'");
        pool.addDataSourceProperty("connectTimeout", PROBE_TIMEOUT_SECONDS);
        pool.addDataSourceProperty("socketTimeout", socketTimeout);
        pool.addDataSourceProperty("tcpKeepAlive", true);
        return pool;
    }

    private static Counter reads(MeterRegistry meters, String source) {
        return Counter.builder("tracking.read.queries").tag("source", source)
                .description("Reads of the query, statistics and analytics APIs, by the database that served them")
                .register(meters);
    }

    private boolean replicaUsable() {
        long until = usableUntil;
        return until != 0 && System.nanoTime() - until < 0;
    }

    /**
     * Runs a read on the replica when it is usable, else (or when the replica fails it) on the primary. The work may
     * run twice: it must only read.
     */
    public <T> T read(Function<Source, T> work) {
        if (replicaUsable()) {
            try {
                T answer = work.apply(replica);
                replicaReads.increment();
                return answer;
            } catch (DataAccessException | TransactionException e) {
                if (!replicaFailure(e)) {
                    throw e;
                }
                if (DatabaseFailures.isServerGone(e)) {   // not merely busy, nor in conflict with recovery
                    usableUntil = 0;
                    evictReplicaConnections();
                    log.warn("The read replica failed a read, which the primary answers; reads stay there until the "
                            + "replica answers a probe: {}", e.toString());
                }
            }
        }
        T answer = work.apply(primary);
        primaryReads.increment();
        return answer;
    }

    /**
     * A failure of the replica rather than of the read: it is unreachable or shutting down, had no free connection,
     * cancelled the statement for a conflict with recovery (40001), or a transaction on it did not begin or end. A
     * refusal of the read itself (a bad value, 22; an error in the statement, 42) is not: the primary would refuse it
     * too.
     */
    static boolean replicaFailure(Exception e) {
        return DatabaseFailures.isUnreachable(e) || e instanceof TransactionException
                || DatabaseFailures.isTransactionConflict(e);
    }

    /**
     * Checks the replica and measures its lag. The lag is 0 when the replica has replayed the primary's flushed WAL
     * position; else it is the time since the last probe at which the primary stood at a position the replica has
     * replayed by now (so it is over by at most a probe's interval). Not the time since the last replayed commit:
     * after a quiet minute on the primary, that reads a minute for the moment a new commit takes to arrive. A probe
     * that finds the replica in recovery and within {@code max-lag} lets reads go there until
     * {@code probe start + max-lag - lag}.
     */
    void probe() {
        long start = System.nanoTime();
        long primaryPosition;
        try {
            primaryPosition = lsn(primaryProbe.queryForObject("select pg_current_wal_flush_lsn()::text", String.class));
        } catch (DataAccessException e) {   // reads go to the replica until their time is up, and to nothing sooner
            log.debug("The read replica's probe could not read the primary's WAL position", e);
            return;
        }
        ReplicaState state;
        try {
            state = replicaProbe.queryForObject(
                    "select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed",
                    (row, n) -> new ReplicaState(row.getBoolean("standby"),
                            row.getString("replayed") == null ? -1 : lsn(row.getString("replayed"))));
        } catch (DataAccessException e) {
            replicaLagSeconds = Double.NaN;
            moved(false, "it does not answer: " + e.getMessage(), Double.NaN);
            usableUntil = 0;
            evictReplicaConnections();
            return;
        }
        positions.addLast(new Position(start, primaryPosition));
        Position reached = null;   // the latest position of the primary the replica has replayed
        for (Position position : positions) {
            if (position.lsn() <= state.replayed()) {
                reached = position;
            }
        }
        double lag = (start - (reached == null ? positions.getFirst() : reached).nanos()) / 1e9;
        while (reached != null && positions.getFirst() != reached) {
            positions.removeFirst();
        }
        while (positions.size() > MAX_POSITIONS) {
            positions.removeFirst();
        }
        long maxLag = properties.maxLag().toNanos();
        boolean usable = state.standby() && reached != null && lag * 1e9 < maxLag;
        String why = !state.standby() ? "it is not a replica (pg_is_in_recovery() is false)"
                : "it is " + (reached == null ? "at least " : "") + lag + " s behind (max-lag " + properties.maxLag() + ")";
        if (usable && !replicaUsable() && !replicaPoolServes()) {
            usable = false;
            why = "its connection pool has no connection to it yet";
        }
        moved(usable, why, lag);
        replicaLagSeconds = lag;
        usableUntil = usable ? start + maxLag - (long) (lag * 1e9) : 0;
    }

    /**
     * Whether the replica's pool hands out a connection within its timeout: before reads go back to a replica that was
     * gone. The probe's connection may be back before the pool's are: after failing to connect during an outage, the
     * pool waits up to seconds between attempts, and every read sent there meanwhile would wait 1.5 s for nothing
     * (seen: a restarted replica answered probes for over 4 s before its pool had a connection).
     */
    private boolean replicaPoolServes() {
        try (Connection connection = replicaPool.getConnection()) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            log.debug("The read replica's pool has no connection yet", e);
            return false;
        }
    }

    /**
     * Closes the replica's pooled connections (those in use when they come back): once it has gone, every one of them
     * is dead, and each would fail a read after it is back (measured: no read on a restarted replica for seconds).
     */
    private void evictReplicaConnections() {
        var pool = replicaPool.getHikariPoolMXBean();
        if (pool != null) {
            pool.softEvictConnections();
        }
    }

    /** Logs when reads move between the replica and the primary. */
    private void moved(boolean usable, String why, double lag) {
        if (usable != replicaUsable()) {
            if (usable) {
                log.info("Reads go to the read replica (lag {} s)", lag);
            } else {
                log.warn("Reads go to the primary, not the read replica: {}", why);
            }
        }
    }

    /** A WAL position ({@code pg_lsn} text, {@code X/Y} in hexadecimal) as a number. */
    static long lsn(String text) {
        int slash = text.indexOf('/');
        return Long.parseLong(text.substring(0, slash), 16) << 32 | Long.parseLong(text.substring(slash + 1), 16);
    }

    private record ReplicaState(boolean standby, long replayed) {
    }

    /** The primary's WAL position at a probe. */
    private record Position(long nanos, long lsn) {
    }

    @Override
    public void start() {
        if (replica == null) {
            return;
        }
        prober = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("read-replica-probe").daemon()
                .factory());
        long every = Math.max(1, properties.probeInterval().toMillis());
        prober.scheduleWithFixedDelay(this::probeQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    private void probeQuietly() {
        try {
            probe();
        } catch (RuntimeException e) {
            log.warn("The read replica's probe failed; it tries again", e);
        }
    }

    @Override
    public void stop() {
        if (prober != null) {
            prober.shutdownNow();
            try {
                prober.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            prober = null;
        }
    }

    @Override
    public boolean isRunning() {
        return prober != null;
    }

    @Override
    public void destroy() {
        if (replicaPool != null) {
            replicaPool.close();
            probePool.close();
        }
    }
}
