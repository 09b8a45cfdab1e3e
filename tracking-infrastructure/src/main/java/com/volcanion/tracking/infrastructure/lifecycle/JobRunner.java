package com.volcanion.tracking.infrastructure.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import com.volcanion.tracking.application.port.TransientFailures;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs the background jobs of one table (deletions, revalidations) on every node: polls every {@code interval} for
 * open jobs (PENDING or RUNNING), oldest first, and advances each by {@link #step} until it has ended. Steps are the
 * subclass's, each a transaction of its own that is safe to repeat and to run from any node, so a node that dies
 * mid-job leaves it to the next poll of any node.
 * <p>
 * A step holds the projector's advisory lock, which the projector only tries for (once a second): so each step is
 * followed by a pause as long as the step took, and a step finds the lock taken (another node's step, the projector)
 * waits a pause too, instead of queueing for it. The projector gets the lock at least about half of the time.
 * <p>
 * A step that fails is tried again at the next poll. Failures that say nothing about the job (a deadlock, a lock or
 * statement timeout, a serialization failure, a lost connection) are only logged; after {@value #MAX_FAILED_ATTEMPTS}
 * other failures in a row the job is FAILED.
 * <p>
 * Metered as {@code tracking_jobs_total{kind, outcome=finished|failed}} (jobs this node ended),
 * {@code tracking_jobs_open{kind, status=pending|running}} and {@code tracking_jobs_oldest_open_age_seconds{kind}}
 * (0 when none is open), as each node last read them: at every poll, and every {@code interval} while it runs a job.
 * A node with jobs turned off still reads them every {@code interval}, so a job that no node runs shows its age.
 */
public abstract class JobRunner implements SmartLifecycle {

    static final int MAX_FAILED_ATTEMPTS = 5;
    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final String table;
    private final String kind;
    private final Duration interval;
    private final boolean enabled;
    protected final JdbcTemplate jdbc;
    protected final Counter finished;
    private final Counter failed;
    private final TransientFailures transientFailures;
    private volatile ScheduledExecutorService scheduler;
    private volatile boolean stopping;
    private volatile OpenJobs openJobs = OpenJobs.UNKNOWN;
    private long openJobsReadAt;

    /** @param kind the jobs' name in logs, metrics and the thread's name ("deletions") */
    JobRunner(String table, String kind, JobProperties properties, JdbcTemplate jdbc,
              TransientFailures transientFailures, MeterRegistry registry) {
        this.table = table;
        this.enabled = properties.enabled();
        this.transientFailures = transientFailures;
        this.kind = kind;
        this.interval = properties.interval();
        this.jdbc = jdbc;
        this.finished = Counter.builder("tracking.jobs").tag("kind", kind).tag("outcome", "finished")
                .description("Background jobs this node ended").register(registry);
        this.failed = Counter.builder("tracking.jobs").tag("kind", kind).tag("outcome", "failed")
                .description("Background jobs this node ended").register(registry);
        Gauge.builder("tracking.jobs.open", this, runner -> runner.openJobs.pending()).tag("kind", kind)
                .tag("status", "pending").description("Open jobs, by status").register(registry);
        Gauge.builder("tracking.jobs.open", this, runner -> runner.openJobs.running()).tag("kind", kind)
                .tag("status", "running").description("Open jobs, by status").register(registry);
        Gauge.builder("tracking.jobs.oldest.open.age", this, JobRunner::oldestOpenAgeSeconds).tag("kind", kind)
                .baseUnit("seconds").description("How long ago the oldest open job was requested").register(registry);
    }

    /**
     * The open jobs as this node last read them, and when the oldest was requested (null when none is open); unknown
     * (NaN) before the first read and after a read failed, so that no age grows on a node that cannot look.
     */
    private record OpenJobs(double pending, double running, Instant oldestCreatedAt) {
        static final OpenJobs UNKNOWN = new OpenJobs(Double.NaN, Double.NaN, null);
    }

    private double oldestOpenAgeSeconds() {
        OpenJobs jobs = openJobs;
        if (Double.isNaN(jobs.pending())) {
            return Double.NaN;
        }
        Instant oldest = jobs.oldestCreatedAt();
        return oldest == null ? 0 : Math.max(0, Duration.between(oldest, Instant.now()).toMillis() / 1000.0);
    }

    /** Reads the open jobs (PENDING or RUNNING), oldest first, and keeps their counts for the gauges. */
    private List<UUID> readOpenJobs() {
        List<UUID> ids = new ArrayList<>();
        int[] counts = new int[2];
        Instant[] oldest = new Instant[1];
        jdbc.query("select id, status, created_at from " + table + " where status in ('PENDING', 'RUNNING') "
                + "order by created_at", row -> {
            ids.add(row.getObject(1, UUID.class));
            counts["PENDING".equals(row.getString(2)) ? 0 : 1]++;
            if (oldest[0] == null) {
                oldest[0] = row.getObject(3, OffsetDateTime.class).toInstant();
            }
        });
        openJobs = new OpenJobs(counts[0], counts[1], oldest[0]);
        openJobsReadAt = System.nanoTime();
        return ids;
    }

    /** What one step did. */
    public enum Step {
        /** Work done; more may be left. */
        MORE,
        /** The projector's lock was taken: nothing done, try again after a pause. */
        BUSY,
        /** The job has ended (now or before). */
        ENDED
    }

    /** One step of the job, in a transaction of its own that first tries for the projector's lock. */
    public abstract Step step(UUID jobId);

    /** Runs the job's steps until it ends (or this node stops); returns false when it stopped before the end. */
    public boolean run(UUID jobId) {
        while (!stopping) {
            long started = System.nanoTime();
            Step step = step(jobId);
            if (step == Step.ENDED) {
                return true;
            }
            if (step == Step.MORE) {
                jdbc.update("update " + table + " set failed_attempts = 0 where id = ? and failed_attempts > 0", jobId);
            }
            if (System.nanoTime() - openJobsReadAt >= interval.toNanos()) {
                try {
                    readOpenJobs();   // the gauges, while a long job runs
                } catch (RuntimeException e) {   // not the job's failure
                    openJobs = OpenJobs.UNKNOWN;
                }
            }
            pause(Math.max(10, (System.nanoTime() - started) / 1_000_000));
        }
        return false;
    }

    /** Runs every open job, oldest first, step after step until each has ended or a step failed. */
    public void runOpenJobs() {
        Set<UUID> failedThisRun = new LinkedHashSet<>();
        while (!stopping) {
            List<UUID> open = readOpenJobs();
            open.removeAll(failedThisRun);
            if (open.isEmpty()) {
                return;
            }
            UUID job = open.getFirst();
            try {
                run(job);   // a node stopping leaves the job to the next poll of any node
            } catch (RuntimeException e) {
                failedThisRun.add(job);
                recordFailure(job, e);
            }
        }
    }

    /** Tries for the projector's advisory lock in the caller's transaction; false when someone else holds it. */
    protected boolean tryProjectorLock() {
        return Boolean.TRUE.equals(jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class,
                TrackingEventProjector.LOCK_KEY));
    }

    /** Marks the job FAILED now, for a reason no retry can change (in the caller's transaction). */
    protected void fail(UUID jobId, String reason) {
        jdbc.update("update " + table + " set status = 'FAILED', failure = ?, finished_at = now() where id = ?", reason,
                jobId);
        failed.increment();
        log.warn("{} job {} FAILED: {}", kind, jobId, reason);
    }

    private void recordFailure(UUID jobId, RuntimeException e) {
        log.warn("{} job {}: a step failed; it is tried again at the next poll: {}", kind, jobId, e.toString());
        if (transientFailures.isTransient(e)) {
            return;
        }
        String status = jdbc.queryForObject("update " + table + """
                 set failed_attempts = failed_attempts + 1, failure = ?,
                    status = case when failed_attempts + 1 >= ? then 'FAILED' else status end,
                    finished_at = case when failed_attempts + 1 >= ? then now() else finished_at end
                where id = ? returning status
                """, String.class, e.toString(), MAX_FAILED_ATTEMPTS, MAX_FAILED_ATTEMPTS, jobId);
        if ("FAILED".equals(status)) {
            failed.increment();
            log.error("{} job {} FAILED after {} failed attempts in a row: {}", kind, jobId, MAX_FAILED_ATTEMPTS,
                    e.toString());
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    /**
     * Polls for jobs on a thread of its own; when {@code tracking.jobs.enabled} is false on this node, only reads them
     * for the gauges.
     */
    @Override
    public void start() {
        stopping = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(kind).daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                if (enabled) {
                    runOpenJobs();
                } else {
                    readOpenJobs();
                }
            } catch (RuntimeException | Error e) {   // an escaping throwable would end the schedule for good
                openJobs = OpenJobs.UNKNOWN;
                log.warn("Looking for {} jobs failed; the next poll tries again: {}", kind, e.toString());
            }
        }, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);   // a sub-millisecond interval too
    }

    @Override
    public void stop() {
        stopping = true;
        if (scheduler == null) {
            return;
        }
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
}
