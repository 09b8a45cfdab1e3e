package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.infrastructure.persistence.DatabaseFailures;
import com.zaxxer.hikari.HikariDataSource;
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
 * Every node probes the replica each {@code probe-interval}: it reads the primary's WAL position, then asks the
 * replica how far it has replayed ({@link #probe}). A read on the replica that fails because the replica is gone, shutting down, or
 * cancelled the statement for a conflict with recovery is run again on the primary at once (reads are idempotent),
 * and the replica is left alone until a probe finds it well again. So a client never sees the replica's failure.
 * <p>
 * Metrics: {@code tracking_read_queries_total{source="replica"|"primary"}} (reads served by each),
 * {@code tracking_read_replica_lag_seconds} (NaN while the replica does not answer) and
 * {@code tracking_read_replica_usable} (1 when reads go to it).
 */
@Component
@EnableConfigurationProperties(ReadDataSourceProperties.class)
public class ReadDatabase implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ReadDatabase.class);

    /** A database to read from: its statements and its transactions. */
    public record Source(String name, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
    }

    private final Source primary;
    private final Source replica;
    private final HikariDataSource replicaPool;
    /** The replica's statements of the probe, which give up after a second: a replica that hangs is not usable. */
    private final JdbcTemplate probeJdbc;
    private final ReadDataSourceProperties properties;
    private final Counter primaryReads;
    private final Counter replicaReads;
    private volatile boolean replicaUsable;
    private volatile double replicaLagSeconds = Double.NaN;
    /** The primary's positions at the probes since the latest one the replica has replayed (the prober's thread only). */
    private final Deque<Position> positions = new ArrayDeque<>();
    private static final int MAX_POSITIONS = 3600;
    private ScheduledExecutorService prober;

    ReadDatabase(JdbcTemplate jdbc, PlatformTransactionManager transactions, ReadDataSourceProperties properties,
                 MeterRegistry meters) {
        this.primary = new Source("primary", jdbc, transactions);
        this.properties = properties;
        this.primaryReads = reads(meters, "primary");
        this.replicaReads = reads(meters, "replica");
        if (!properties.configured()) {
            replicaPool = null;
            replica = null;
            probeJdbc = null;
            return;
        }
        replicaPool = new HikariDataSource();
        replicaPool.setPoolName("replica");
        replicaPool.setJdbcUrl(properties.url());
        replicaPool.setUsername(properties.username());
        replicaPool.setPassword(properties.password());
        replicaPool.setMaximumPoolSize(properties.poolSize());
        replicaPool.setReadOnly(true);
        replicaPool.setConnectionTimeout(1500);
        replicaPool.setValidationTimeout(1000);
        replicaPool.setInitializationFailTimeout(-1);   // the service starts whether the replica answers or not
        replicaPool.setConnectionInitSql("set time zone 'UTC'");
        replica = new Source("replica", new JdbcTemplate(replicaPool), new DataSourceTransactionManager(replicaPool));
        probeJdbc = new JdbcTemplate(replicaPool);
        probeJdbc.setQueryTimeout(1);
        Gauge.builder("tracking.read.replica.lag", this, database -> database.replicaLagSeconds)
                .baseUnit("seconds").description("How far the read replica's replay is behind the primary")
                .register(meters);
        Gauge.builder("tracking.read.replica.usable", this, database -> database.replicaUsable ? 1 : 0)
                .description("1 when the query, statistics and analytics APIs read from the replica").register(meters);
    }

    private static Counter reads(MeterRegistry meters, String source) {
        return Counter.builder("tracking.read.queries").tag("source", source)
                .description("Reads of the query, statistics and analytics APIs, by the database that served them")
                .register(meters);
    }

    /**
     * Runs a read on the replica when it is usable, else (or when the replica fails it) on the primary. The work may
     * run twice: it must only read.
     */
    public <T> T read(Function<Source, T> work) {
        if (replicaUsable) {
            try {
                T answer = work.apply(replica);
                replicaReads.increment();
                return answer;
            } catch (DataAccessException | TransactionException e) {
                if (!replicaFailure(e)) {
                    throw e;
                }
                replicaUsable = false;
                log.warn("The read replica failed a read, which the primary answers; reads stay there until the "
                        + "replica answers a probe: {}", e.toString());
            }
        }
        T answer = work.apply(primary);
        primaryReads.increment();
        return answer;
    }

    /** The replica is gone or going, or cancelled the statement because of a conflict with recovery (40001). */
    private static boolean replicaFailure(Exception e) {
        return DatabaseFailures.isUnreachable(e) || e instanceof TransactionException
                || DatabaseFailures.isTransactionConflict(e);
    }

    /**
     * Checks the replica and measures its lag; it is usable when it answers, is a replica, and is within max-lag. The
     * lag is 0 when the replica has replayed the primary's current WAL position; else it is the time since the last
     * probe at which the primary stood at a position the replica has replayed by now (so it is over by at most a
     * probe's interval). Not the time since the last replayed commit: after a quiet minute on the primary, that reads
     * a minute for the moment a new commit takes to arrive.
     */
    void probe() {
        boolean usable;
        double lag;
        String why;
        try {
            long now = System.nanoTime();
            long primaryPosition = lsn(primary.jdbc().queryForObject("select pg_current_wal_lsn()::text", String.class));
            ReplicaState state = probeJdbc.queryForObject(
                    "select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as replayed",
                    (rs, row) -> new ReplicaState(rs.getBoolean("standby"),
                            rs.getString("replayed") == null ? -1 : lsn(rs.getString("replayed"))));
            positions.addLast(new Position(now, primaryPosition));
            Position reached = null;   // the latest position of the primary the replica has replayed
            for (Position position : positions) {
                if (position.lsn() <= state.replayed()) {
                    reached = position;
                }
            }
            lag = (now - (reached == null ? positions.getFirst() : reached).nanos()) / 1e9;
            while (reached != null && positions.getFirst() != reached) {
                positions.removeFirst();
            }
            while (positions.size() > MAX_POSITIONS) {
                positions.removeFirst();
            }
            usable = state.standby() && reached != null && lag <= properties.maxLag().toNanos() / 1e9;
            why = !state.standby() ? "it is not a replica (pg_is_in_recovery() is false)"
                    : "it is " + (reached == null ? "at least " : "") + lag + " s behind (max-lag " + properties.maxLag() + ")";
        } catch (DataAccessException e) {
            lag = Double.NaN;
            usable = false;
            why = "it does not answer: " + e.getMessage();
        }
        if (usable != replicaUsable) {
            if (usable) {
                log.info("Reads go to the read replica (lag {} s)", lag);
            } else {
                log.warn("Reads go to the primary, not the read replica: {}", why);
            }
        }
        replicaLagSeconds = lag;
        replicaUsable = usable;
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
        } catch (RuntimeException e) {   // the primary itself did not answer: try again next time
            replicaUsable = false;
            log.debug("Read replica probe failed", e);
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
        }
    }
}
