package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background jobs whose node is killed (SIGKILL) in the middle: after a restart the job finishes with an exact result
 * (a step killed mid-way rolled back whole), and at no point before that does it say FINISHED. A GDPR deletion: every
 * event of the person gone, every other event kept. A revalidation: every event checked by the new structure on both
 * sides, and the hourly invalid counts follow.
 */
class JobsKillNineIT extends ReliabilityTest {

    private static final int DOOMED = 20_000;
    private static final int KEPT = 2_000;
    private static final Map<String, String> SMALL_STEPS = Map.of("TRACKING_JOBS_BATCH_SIZE", "100");

    @Test
    void aDeletionKilledMidJobFinishesAfterTheRestartAndNeverSaysFinishedEarly() throws Exception {
        startNode("deletion", SMALL_STEPS);
        var system = Fixture.newSystem(node());
        for (int i = 0; i < DOOMED + KEPT; i += 1000) {
            List<String> events = new ArrayList<>();
            for (int j = i; j < i + 1000; j++) {
                events.add("{\"messageId\":\"d-" + j + "\",\"eventName\":\"Viewed " + (j % 7) + "\",\"userId\":\""
                        + (j < DOOMED ? "doomed" : "kept-" + (j % 50)) + "\"}");
            }
            var answer = Http.postWithKey(node().uri("/api/events/batch"), system.apiKey(),
                    "{\"events\":[" + String.join(",", events) + "]}");
            assertThat(answer.status()).isEqualTo(200);
        }
        awaitProjected(DOOMED + KEPT);

        var requested = Http.postAsAdmin(node().uri("/api/partners/" + system.partnerId() + "/deletions"),
                "{\"userIds\":[\"doomed\"]}");
        assertThat(requested.status()).isEqualTo(202);
        String job = "/api/partners/" + system.partnerId() + "/deletions/" + Fixture.json(requested.body()).get("id").asString();
        long deletedAtKill = killWhenPast(job, "deletedEvents", DOOMED / 10);
        assertThat(deletedAtKill).as("killed mid-job").isBetween(1L, DOOMED - 1L);
        assertThat(doomedRows()).as("rows of the person left at the kill").isPositive();

        startNode("deletion-restarted", SMALL_STEPS);
        String finishedStatus = awaitFinished(job, () -> {
            assertThat(doomedRows()).as("nothing of the person left once FINISHED").isZero();
        });
        assertThat(Fixture.json(finishedStatus).get("deletedEvents").asLong()).as("counted exactly, across the kill")
                .isEqualTo(DOOMED);
        assertThat(StoredEvents.ofSystem(database, system.systemId())).as("every other event kept").isEqualTo(KEPT);
        assertThat(StoredEvents.projectedOfSystem(database, system.systemId())).isEqualTo(KEPT);
        assertThat(StoredEvents.count(database, "select coalesce(sum(event_count), 0) from read.event_stats_hourly"))
                .as("hourly counts lowered by the deleted events").isEqualTo(KEPT);
        Fixture.report("deletion killed mid-job: kill -9 at " + deletedAtKill + " of " + DOOMED + " events deleted; "
                + "after the restart " + finishedStatus);
    }

    @Test
    void aRevalidationKilledMidJobFinishesAfterTheRestartWithEveryEventChecked() throws Exception {
        startNode("revalidation", SMALL_STEPS);
        var system = Fixture.newSystem(node());
        for (int i = 0; i < DOOMED; i += 1000) {
            List<String> events = new ArrayList<>();
            for (int j = i; j < i + 1000; j++) {
                events.add("{\"messageId\":\"c-" + j + "\",\"eventName\":\"Checkout\",\"properties\":"
                        + (j % 4 == 0 ? "{\"total\":1}" : "{}") + "}");
            }
            assertThat(Http.postWithKey(node().uri("/api/events/batch"), system.apiKey(),
                    "{\"events\":[" + String.join(",", events) + "]}").status()).isEqualTo(200);
        }
        awaitProjected(DOOMED);
        assertThat(Http.put(node(), "/api/partners/" + system.partnerId() + "/event-structures/Checkout",
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\"]}}").status() / 100).isEqualTo(2);
        var requested = Http.postAsAdmin(node().uri("/api/partners/" + system.partnerId()
                + "/event-structures/Checkout/revalidations"), "{}");
        assertThat(requested.status()).isEqualTo(202);
        String job = "/api/partners/" + system.partnerId() + "/event-structures/Checkout/revalidations/"
                + Fixture.json(requested.body()).get("id").asString();
        long checkedAtKill = killWhenPast(job, "checked", DOOMED / 10);
        assertThat(checkedAtKill).as("killed mid-job").isBetween(1L, DOOMED - 1L);

        startNode("revalidation-restarted", SMALL_STEPS);
        String finished = awaitFinished(job, () -> {
            assertThat(StoredEvents.count(database, "select count(*) from write.tracking_events "
                    + "where schema_version is distinct from 1")).as("every event checked once FINISHED").isZero();
        });
        long invalid = DOOMED * 3 / 4;
        assertThat(Fixture.json(finished).get("becameInvalid").asLong()).as("counted exactly, across the kill")
                .isEqualTo(invalid);
        assertThat(StoredEvents.count(database, "select count(*) from write.tracking_events where not valid"))
                .isEqualTo(invalid);
        assertThat(StoredEvents.count(database, "select count(*) from read.tracking_events_read_model where not valid"))
                .isEqualTo(invalid);
        assertThat(StoredEvents.count(database, "select coalesce(sum(invalid_count), 0) from read.event_stats_hourly"))
                .as("hourly invalid counts follow").isEqualTo(invalid);
        Fixture.report("revalidation killed mid-job: kill -9 at " + checkedAtKill + " of " + DOOMED
                + " events checked; after the restart " + finished);
    }

    /** Polls the job until {@code field} reaches {@code past}, then kills the node; the job must not end before. */
    private long killWhenPast(String job, String field, long past) throws Exception {
        for (int i = 0; i < 6000; i++) {
            var status = Fixture.json(Http.getAsAdmin(node().uri(job)).body());
            assertThat(status.get("status").asString()).as("not finished before the kill").isIn("PENDING", "RUNNING");
            if (status.get(field).asLong() >= past) {
                node().kill9();
                return status.get(field).asLong();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the job did not get past " + past + " " + field);
    }

    /** Polls the job on the restarted node until FINISHED (checking {@code whenFinished} at once); returns it. */
    private String awaitFinished(String job, Check whenFinished) throws Exception {
        for (int i = 0; i < 1200; i++) {
            var status = Fixture.json(Http.getAsAdmin(node().uri(job)).body());
            if (status.get("status").asString().equals("FINISHED")) {
                whenFinished.run();
                return status.toString();
            }
            assertThat(status.get("status").asString()).isEqualTo("RUNNING");
            Thread.sleep(100);
        }
        throw new AssertionError("the job did not finish within 120 s after the restart");
    }

    private interface Check {
        void run() throws Exception;
    }

    private long doomedRows() throws Exception {
        return StoredEvents.count(database, "select (select count(*) from write.tracking_events where user_id = 'doomed') "
                + "+ (select count(*) from read.tracking_events_read_model where user_id = 'doomed')");
    }

    private void awaitProjected(long events) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (StoredEvents.count(database, "select count(*) from read.tracking_events_read_model") >= events) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not projected within 60 s");
    }
}
