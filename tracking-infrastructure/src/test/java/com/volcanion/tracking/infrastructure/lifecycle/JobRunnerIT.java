package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.infrastructure.testing.FreshDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The jobs' gauges on the real PostgreSQL, as an operator reads them: open jobs by status and the oldest one's age,
 * while a job runs and after, with ended jobs and a job whose request time is ahead of this node's clock around them.
 */
class JobRunnerIT {

    private FreshDatabase database;
    private UUID partnerId;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeEach
    void aFreshDatabase() {
        database = FreshDatabase.create("jobs").migrate("latest");
        partnerId = UUID.randomUUID();
        database.jdbc().update("insert into write.partners (id, name, email, active, created_at, updated_at) "
                + "values (?, 'P', 'p@jobs.example', true, now(), now())", partnerId);
    }

    @Test
    void countsOpenJobsByStatusAndAgesTheOldestWhileTheyRunAndAfter() {
        job("PENDING", "3 hours");
        job("PENDING", "1 hour");
        job("FINISHED", "5 hours");
        job("FAILED", "6 hours");
        TwoStepRunner runner = new TwoStepRunner(true, Duration.ofNanos(1));

        runner.runOpenJobs();

        assertThat(runner.seen).as("at each job's second step: status then the oldest open job's age").hasSize(2);
        assertThat(runner.seen.get(0)).containsExactly(1.0, 1.0);
        assertThat(runner.ages.get(0)).as("the 3-hour-old job, running").isCloseTo(3 * 3600, within(60.0));
        assertThat(runner.seen.get(1)).containsExactly(0.0, 1.0);
        assertThat(runner.ages.get(1)).as("the 1-hour-old job, running").isCloseTo(3600, within(60.0));
        assertThat(gauge("tracking.jobs.open", "pending")).isZero();
        assertThat(gauge("tracking.jobs.open", "running")).isZero();
        assertThat(age()).as("none open").isZero();
        assertThat(meters.get("tracking.jobs").tag("kind", "test").tag("outcome", "finished").counter().count())
                .isEqualTo(2);
    }

    /** A job requested by a node whose clock runs ahead of this one is not "minus an hour old". */
    @Test
    void aJobRequestedInThisNodesFutureIsNoOlderThanZero() {
        job("PENDING", "-1 hour");
        TwoStepRunner runner = new TwoStepRunner(true, Duration.ofNanos(1));

        runner.runOpenJobs();

        assertThat(runner.ages).containsExactly(0.0);
    }

    /** A node with jobs turned off runs none, yet reports them: were every node so, a waiting job would still alert. */
    @Test
    void aNodeThatRunsNoJobsStillReportsThem() {
        job("PENDING", "3 hours");
        TwoStepRunner runner = new TwoStepRunner(false, Duration.ofMillis(10));
        runner.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> gauge("tracking.jobs.open", "pending") == 1);
            assertThat(age()).isCloseTo(3 * 3600, within(60.0));
            assertThat(runner.seen).as("it ran no step").isEmpty();

            // a node that can no longer read the jobs says it does not know, rather than age what it last saw
            database.jdbc().update("alter table write.deletion_jobs rename to deletion_jobs_away");
            await().atMost(Duration.ofSeconds(10)).until(() -> Double.isNaN(age()));
            assertThat(gauge("tracking.jobs.open", "pending")).isNaN();
        } finally {
            runner.stop();
        }
    }

    private void job(String status, String age) {
        database.jdbc().update("insert into write.deletion_jobs (id, partner_id, user_ids, anonymous_ids, suppress, "
                + "status, created_at) values (?, ?, '{}', '{}', false, ?, now() - ?::interval)", UUID.randomUUID(),
                partnerId, status, age);
    }

    private double gauge(String name, String status) {
        return meters.get(name).tag("kind", "test").tag("status", status).gauge().value();
    }

    private double age() {
        return meters.get("tracking.jobs.oldest.open.age").tag("kind", "test").gauge().value();
    }

    /** Each job: a first step makes it RUNNING, the second ends it, noting the gauges as they were read before it. */
    private final class TwoStepRunner extends JobRunner {

        final List<List<Double>> seen = new ArrayList<>();
        final List<Double> ages = new ArrayList<>();

        /** @param interval a nanosecond: the gauges are read again after every step */
        TwoStepRunner(boolean enabled, Duration interval) {
            super("write.deletion_jobs", "test", new JobProperties(enabled, 10, interval), database.jdbc(),
                    failure -> false, meters);
        }

        @Override
        public Step step(UUID jobId) {
            String status = jdbc.queryForObject("select status from write.deletion_jobs where id = ?", String.class,
                    jobId);
            if ("PENDING".equals(status)) {
                jdbc.update("update write.deletion_jobs set status = 'RUNNING' where id = ?", jobId);
                return Step.MORE;
            }
            seen.add(List.of(gauge("tracking.jobs.open", "pending"), gauge("tracking.jobs.open", "running")));
            ages.add(age());
            jdbc.update("update write.deletion_jobs set status = 'FINISHED', finished_at = now() where id = ?", jobId);
            finished.increment();
            return Step.ENDED;
        }
    }
}
