package com.volcanion.tracking.infrastructure.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import com.volcanion.tracking.application.port.TransientFailures;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
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

    /** @param kind the jobs' name in logs, metrics and the thread's name ("deletions") */
    JobRunner(String table, String kind, JobProperties properties, JdbcTemplate jdbc,
              TransientFailures transientFailures, MeterRegistry registry) {
        this.table = table;
        this.enabled = properties.enabled();
        this.transientFailures = transientFailures;
        this.kind = kind;
        this.interval = properties.interval();
        this.jdbc = jdbc;
        this.finished = Counter.builder("tracking." + kind + ".jobs").tag("outcome", "finished")
                .description("Background jobs ended").register(registry);
        this.failed = Counter.builder("tracking." + kind + ".jobs").tag("outcome", "failed")
                .description("Background jobs ended").register(registry);
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
            pause(Math.max(10, (System.nanoTime() - started) / 1_000_000));
        }
        return false;
    }

    /** Runs every open job, oldest first, step after step until each has ended or a step failed. */
    public void runOpenJobs() {
        Set<UUID> failedThisRun = new LinkedHashSet<>();
        while (!stopping) {
            List<UUID> open = jdbc.queryForList("select id from " + table + " where status in ('PENDING', 'RUNNING') "
                    + "order by created_at", UUID.class);
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

    /** Polls for jobs on a thread of its own, unless {@code tracking.jobs.enabled} is false on this node. */
    @Override
    public void start() {
        stopping = false;
        if (!enabled) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(kind).daemon().factory());
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                runOpenJobs();
            } catch (RuntimeException | Error e) {   // an escaping throwable would end the schedule for good
                log.warn("Looking for {} jobs failed; the next poll tries again: {}", kind, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
