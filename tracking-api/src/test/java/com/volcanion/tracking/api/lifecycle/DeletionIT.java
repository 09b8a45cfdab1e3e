package com.volcanion.tracking.api.lifecycle;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.lifecycle.DeletionRunner;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GDPR deletions and suppression against a plain reference, on generated input: persons browsing anonymously before
 * they identify (so a userId's linked anonymousIds go with it), events of two systems at random times around hour
 * edges, some invalid, sent in batches of random sizes through the Segment API, some projected and some not yet when
 * the deletion runs. After the job says FINISHED, nothing of the persons is left anywhere, everything else is exactly
 * as it was, and the hourly counts and unique users are those of the remaining events. Each run draws a new seed,
 * printed; {@code -Dtracking.generated.seed=N} replays one.
 */
@ApiIT
class DeletionIT extends ApiTestSupport {

    private static final String[] NAMES = {"Page Viewed", "Order Completed", "Signed Up"};

    /** Rows of read.sessions that the partner's events do not make, and sessions the events make that it lacks. */
    private static final String SESSIONS_NOT_OF_THE_EVENTS = """
            with kept as (
                select partner_system_id, visitor, first_at, last_at, events from read.sessions where partner_id = ?::uuid
            ), visits as (
                select s.system_id, coalesce(anonymous_id, user_id) as visitor, event_timestamp as at
                from read.tracking_events_read_model
                cross join lateral (values (partner_system_id), ('00000000-0000-0000-0000-000000000000'::uuid)) s(system_id)
                where partner_id = ?::uuid
            ), marked as (
                select *, (at - lag(at) over (partition by system_id, visitor order by at) > interval '30 minutes')
                          is not false as starts from visits
            ), numbered as (
                select *, sum(case when starts then 1 else 0 end) over (partition by system_id, visitor order by at
                          rows between unbounded preceding and current row) as island from marked
            ), made as (
                select system_id, visitor, min(at), max(at), count(*)::int from numbered group by system_id, visitor, island
            )
            select count(*) from ((table kept except table made) union all (table made except table kept)) differences
            """;

    @Autowired
    TrackingEventProjector projector;
    @Autowired
    DeletionRunner deletions;
    @Autowired
    JdbcTemplate jdbc;

    @RepeatedTest(3)
    void aFinishedDeletionLeavesNothingOfThePersonsAndEverythingElseAsItWas(RepetitionInfo repetition) {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        System.out.println("[generated input] seed " + seed);
        Random random = new Random(seed);
        String partnerId = createPartner();
        List<String> keys = List.of(createSystem(partnerId).get("apiKey").asString(),
                createSystem(partnerId).get("apiKey").asString());
        assertThat(putAsAdmin("/api/partners/" + partnerId + "/event-structures/Order Completed",
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\"]}}")).hasStatus2xxSuccessful();

        // persons: user u-i with anonymous ids a-i-j it browsed under before identifying; visitors v-k never identify
        Map<String, List<String>> anonymousIdsOf = new LinkedHashMap<>();
        for (int i = 0; i < 8; i++) {
            String user = "u-" + i;
            anonymousIdsOf.put(user, IntStream.range(0, random.nextInt(3)).mapToObj(j -> "a-" + user + "-" + j).toList());
        }
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS);
        List<Map<String, Object>> calls = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        for (int n = 0; n < 300; n++) {
            Map<String, Object> call = new LinkedHashMap<>();
            String user = "u-" + random.nextInt(8);
            List<String> anonymous = anonymousIdsOf.get(user);
            String userId = null;
            String anonymousId = null;
            switch (random.nextInt(4)) {
                case 0 -> anonymousId = "v-" + random.nextInt(5);
                case 1 -> anonymousId = anonymous.isEmpty() ? "v-" + random.nextInt(5) : anonymous.get(random.nextInt(anonymous.size()));
                default -> userId = user;
            }
            String name = NAMES[random.nextInt(NAMES.length)];
            // around hour edges: the first and last second of an hour, or anywhere in it
            Instant at = base.plus(random.nextInt(72), ChronoUnit.HOURS)
                    .plusSeconds(List.of(0, 3599, random.nextInt(3600)).get(random.nextInt(3)));
            Map<String, Object> properties = name.equals("Order Completed") && random.nextBoolean()
                    ? Map.of("total", 10) : Map.of("n", n);
            String messageId = "m-" + n;
            call.put("type", "track");
            call.put("event", name);
            call.put("messageId", messageId);
            call.put("timestamp", at.toString());
            call.put("properties", properties);
            if (userId != null) {
                call.put("userId", userId);
            }
            if (anonymousId != null) {
                call.put("anonymousId", anonymousId);
            }
            int system = random.nextInt(2);
            calls.add(call);
            sent.add(new Sent(system, messageId, userId, anonymousId, name, at,
                    !name.equals("Order Completed") || properties.containsKey("total")));
        }
        // each user identifies with each of its anonymous ids: links in the identity map
        List<Map<String, Object>> identifies = new ArrayList<>();
        anonymousIdsOf.forEach((user, anonymous) -> anonymous.forEach(a -> identifies.add(new LinkedHashMap<>(Map.of(
                "type", "identify", "userId", user, "anonymousId", a, "messageId", "identify-" + a,
                "timestamp", base.toString(), "traits", Map.of("email", user + "@example.com"))))));
        sendSegmentBatches(keys.getFirst(), identifies, random);
        for (int system = 0; system < 2; system++) {
            int s = system;
            List<Map<String, Object>> ofSystem = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                if (sent.get(i).system() == s) {
                    ofSystem.add(calls.get(i));
                }
            }
            Collections.shuffle(ofSystem, random);
            sendSegmentBatches(keys.get(system), ofSystem, random);
        }
        projector.projectAvailable();

        // erase two users (and so their anonymous ids) and one visitor; some of their events not projected yet
        List<String> erasedUsers = List.of("u-" + random.nextInt(4), "u-" + (4 + random.nextInt(4)));
        String erasedVisitor = "v-" + random.nextInt(5);
        Set<String> erased = new HashSet<>(erasedUsers);
        erased.add(erasedVisitor);
        erasedUsers.forEach(user -> erased.addAll(anonymousIdsOf.get(user)));
        List<Map<String, Object>> late = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            late.add(new LinkedHashMap<>(Map.of("type", "track", "event", "Page Viewed", "messageId", "late-" + i,
                    "userId", erasedUsers.get(i % 2), "timestamp", base.plus(1, ChronoUnit.HOURS).toString(),
                    "properties", Map.of())));
        }
        sendSegmentBatches(keys.getFirst(), late, random);   // not projected: the job finds them on the write side
        boolean suppress = repetition.getCurrentRepetition() % 2 == 1;
        long statisticsBucketsBefore = count("select count(*) from read.event_stats_hourly where partner_id = ?::uuid",
                partnerId);
        JsonNode job = body(postAsAdmin("/api/partners/" + partnerId + "/deletions", json.writeValueAsString(Map.of(
                "userIds", erasedUsers, "anonymousIds", List.of(erasedVisitor), "suppress", suppress))));
        assertThat(job.get("status").asString()).isEqualTo("PENDING");
        assertThat(job.get("deletedEvents").asLong()).isZero();

        deletions.runOpenJobs();
        JsonNode finished = body(getAsAdmin("/api/partners/{p}/deletions/{id}", partnerId, job.get("id").asString()));
        assertThat(finished.get("status").asString()).as("seed " + seed).isEqualTo("FINISHED");
        assertThat(finished.get("finishedAt").isNull()).isFalse();
        projector.projectAvailable();

        List<Sent> kept = sent.stream().filter(e -> !erased.contains(e.userId()) && !erased.contains(e.anonymousId()))
                .toList();
        long erasedEvents = sent.size() - kept.size() + late.size()
                + identifies.stream().filter(call -> erased.contains(call.get("userId"))).count();
        assertThat(finished.get("deletedEvents").asLong()).as("seed " + seed).isEqualTo(erasedEvents);
        for (String table : List.of("write.tracking_events", "read.tracking_events_read_model")) {
            assertThat(count("select count(*) from " + table + " where partner_id = ?::uuid and (user_id = any(?::text[]) "
                    + "or anonymous_id = any(?::text[]))", partnerId, erased.toArray(String[]::new),
                    erased.toArray(String[]::new))).as(table + ", seed " + seed).isZero();
            assertThat(jdbc.queryForList("select message_id from " + table + " where partner_id = ?::uuid and message_id "
                    + "like 'm-%'", String.class, partnerId)).as(table + ": everything else as it was, seed " + seed)
                    .containsExactlyInAnyOrderElementsOf(kept.stream().map(Sent::messageId).toList());
        }
        assertThat(count("select count(*) from write.tracking_event_keys k where not exists (select 1 from "
                + "write.tracking_events e where e.id = k.event_id) and k.partner_system_id in (select id from "
                + "write.partner_systems where partner_id = ?::uuid)", partnerId)).as("no key of an erased event").isZero();
        for (String user : erasedUsers) {
            assertThat(getAsAdmin("/api/partners/{p}/users/{u}", partnerId, user)).hasStatus(HttpStatus.NOT_FOUND);
        }
        for (String side : List.of("write", "read")) {
            assertThat(count("select count(*) from " + side + ".identity_links where partner_id = ?::uuid and "
                    + "(user_id = any(?::text[]) or anonymous_id = any(?::text[]))", partnerId,
                    erased.toArray(String[]::new), erased.toArray(String[]::new))).isZero();
        }

        // hourly counts: exactly those of the remaining events (an emptied hour reads 0); identify calls are stored
        // as "$identify" events at the base hour
        List<Map<String, Object>> keptIdentifies = identifies.stream().filter(call -> !erased.contains(call.get("userId")))
                .toList();
        Map<String, List<Long>> expected = new TreeMap<>();
        for (Sent event : kept) {
            expected.merge(event.hour() + "/" + event.name(), List.of(1L, event.valid() ? 0L : 1L), DeletionIT::sum);
        }
        if (!keptIdentifies.isEmpty()) {
            expected.put(base + "/$identify", List.of((long) keptIdentifies.size(), 0L));
        }
        Map<String, List<Long>> actual = new TreeMap<>();
        jdbc.query("select bucket_start, event_name, sum(event_count) as events, sum(invalid_count) as invalid "
                + "from read.event_stats_hourly where partner_id = ?::uuid group by 1, 2 having sum(event_count) > 0", rs -> {
            actual.put(rs.getTimestamp("bucket_start").toInstant() + "/" + rs.getString("event_name"),
                    List.of(rs.getLong("events"), rs.getLong("invalid")));
        }, partnerId);
        assertThat(actual).as("hourly counts, seed " + seed).isEqualTo(expected);
        assertThat(count("select count(*) from read.event_stats_hourly where partner_id = ?::uuid", partnerId))
                .isLessThanOrEqualTo(statisticsBucketsBefore);

        // unique users over the whole range: the persons of the remaining events (a HyperLogLog of 4096 registers:
        // exact at this size but for a rare collision of two persons in one register)
        Set<String> remainingPersons = new HashSet<>();
        kept.forEach(e -> remainingPersons.add(e.userId() != null ? e.userId() : e.anonymousId()));
        keptIdentifies.forEach(call -> remainingPersons.add((String) call.get("userId")));
        JsonNode statistics = body(getAsAdmin("/api/statistics/partners/{p}?from={from}&to={to}&interval=DAY",
                partnerId, base.minus(1, ChronoUnit.DAYS).toString(), base.plus(4, ChronoUnit.DAYS).toString()));
        assertThat(statistics.get("uniqueUsers").asLong()).as("seed " + seed)
                .isBetween(remainingPersons.size() - 1L, (long) remainingPersons.size());

        // the kept sessions (30 minutes' inactivity): exactly the sessions of the remaining events, computed afresh
        assertThat(count(SESSIONS_NOT_OF_THE_EVENTS, partnerId, partnerId)).as("sessions, seed " + seed).isZero();
        assertThat(count(SESSION_STATS_NOT_OF_THE_SESSIONS, partnerId, partnerId)).as("session sums, seed " + seed).isZero();
        assertThat(count("select count(*) from read.sessions where partner_id = ?::uuid", partnerId)).isPositive();

        if (suppress) {
            assertSuppressedUntilLifted(partnerId, keys.getFirst(), erasedUsers.getFirst(), erasedVisitor);
        }
    }

    private void assertSuppressedUntilLifted(String partnerId, String key, String user, String visitor) {
        JsonNode batch = body(postWithKey("/api/events/batch", key, """
                {"events": [{"eventName": "After", "userId": "%s"}, {"eventName": "After", "anonymousId": "%s"},
                            {"eventName": "After", "userId": "someone-else", "anonymousId": "%s"},
                            {"eventName": "After", "userId": "someone-else"}]}""".formatted(user, visitor, visitor)));
        assertThat(batch.get("suppressed").asLong()).isEqualTo(3);
        assertThat(batch.get("accepted").asLong()).isEqualTo(1);
        assertThat(batch.get("results").get(0).get("status").asString()).isEqualTo("SUPPRESSED");
        assertThat(batch.get("results").get(0).get("eventId").isNull()).isTrue();
        HttpResponse<String> segment = send(HttpRequest.newBuilder(uri("/v1/track")).header("Authorization", basic(key))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"event\":\"After\",\"userId\":\"" + user + "\"}")));
        assertThat(segment.statusCode()).as("Segment answers stay 200").isEqualTo(200);
        assertThat(count("select count(*) from write.tracking_events where partner_id = ?::uuid and event_name = 'After' "
                + "and user_id is distinct from 'someone-else'", partnerId)).as("nothing of them stored").isZero();

        assertThat(deleteAsAdmin("/api/partners/{p}/suppressions/{id}", partnerId, user)).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(deleteAsAdmin("/api/partners/{p}/suppressions/{id}", partnerId, user)).hasStatus(HttpStatus.NOT_FOUND);
        JsonNode again = body(postWithKey("/api/events/batch", key, """
                {"events": [{"eventName": "After", "userId": "%s"}]}""".formatted(user)));
        assertThat(again.get("results").get(0).get("status").asString()).as("lifted").isEqualTo("ACCEPTED");
    }

    /** The user identifies with an anonymousId while the job runs: that anonymousId's earlier events go too. */
    @Test
    void anAnonymousIdLinkedToTheUserWhileTheJobRunsGoesWithIt() {
        TestSystem system = aSystem();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            events.add("{\"eventName\":\"Viewed\",\"" + (i % 3 == 0 ? "anonymousId\":\"mid-anon" : "userId\":\"mid-user")
                    + "\"}");
        }
        assertThat(postWithKey("/api/events/batch", system.apiKey(), "{\"events\":[" + String.join(",", events) + "]}"))
                .hasStatusOk();
        projector.projectAvailable();
        String job = body(postAsAdmin("/api/partners/" + system.partnerId() + "/deletions",
                "{\"userIds\":[\"mid-user\"]}")).get("id").asString();
        deletions.step(UUID.fromString(job));
        assertThat(count("select count(*) from write.tracking_events where partner_id = ?::uuid and user_id = 'mid-user'",
                system.partnerId())).as("the first step removed the user's events").isZero();

        HttpResponse<String> identify = send(HttpRequest.newBuilder(uri("/v1/identify"))
                .header("Authorization", basic(system.apiKey())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":\"mid-user\",\"anonymousId\":\"mid-anon\"}")));
        assertThat(identify.statusCode()).isEqualTo(200);
        deletions.runOpenJobs();

        assertThat(body(getAsAdmin("/api/partners/{p}/deletions/{id}", system.partnerId(), job)).get("status").asString())
                .isEqualTo("FINISHED");
        projector.projectAvailable();
        for (String table : List.of("write.tracking_events", "read.tracking_events_read_model")) {
            assertThat(count("select count(*) from " + table + " where partner_id = ?::uuid", system.partnerId()))
                    .as(table + ": the anonymousId's events, and the identify, went with the user").isZero();
        }
        assertThat(count("select count(*) from write.identity_links where partner_id = ?::uuid", system.partnerId()))
                .isZero();
        assertThat(count("select cardinality(linked_anonymous_ids) from write.deletion_jobs where id = ?::uuid", job))
                .as("a finished job forgets which anonymousIds were the user's").isZero();
    }

    @Test
    void badRequestsAreRefusedNamingTheFieldAndOtherPartnersJobsAreNotFound() {
        String partnerId = createPartner();
        String other = createPartner();
        String path = "/api/partners/" + partnerId + "/deletions";
        for (String body : List.of("{}", "{\"userIds\":[]}", "{\"userIds\":[\"\"]}", "{\"anonymousIds\":[null]}",
                "{\"userIds\":[\"a\\u0000b\"]}", "{\"userIds\":[\"" + "x".repeat(201) + "\"]}",
                "{\"userIds\":" + json.writeValueAsString(Collections.nCopies(2501, "u").stream()
                        .map(u -> u + UUID.randomUUID()).toList()) + ",\"anonymousIds\":" + json.writeValueAsString(
                        Collections.nCopies(2500, "a").stream().map(a -> a + UUID.randomUUID()).toList()) + "}",
                "{\"userIds\":\"u-1\"}", "{\"suppress\":\"yes\",\"userIds\":[\"u\"]}")) {
            assertThat(postAsAdmin(path, body)).as(body.length() > 100 ? body.substring(0, 100) : body)
                    .hasStatus(HttpStatus.BAD_REQUEST);
        }
        assertThat(postAsAdmin("/api/partners/" + UUID.randomUUID() + "/deletions", "{\"userIds\":[\"u\"]}"))
                .hasStatus(HttpStatus.NOT_FOUND);
        JsonNode job = body(postAsAdmin(path, "{\"userIds\":[\"u\", \"u\"], \"anonymousIds\":[\"a\"]}"));
        assertThat(job.get("userIds")).as("each id once").hasSize(1);
        assertThat(getAsAdmin("/api/partners/{p}/deletions/{id}", other, job.get("id").asString()))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/partners/{p}/deletions/{id}", partnerId, UUID.randomUUID()))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(deleteAsAdmin("/api/partners/{p}/suppressions/{id}", partnerId, "never-suppressed"))
                .hasStatus(HttpStatus.NOT_FOUND);
        JsonNode audit = body(getAsAdmin("/api/partners/{p}/audit", partnerId));
        assertThat(audit.toString()).contains("deletion.requested").doesNotContain("\"u\"");
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }

    private record Sent(int system, String messageId, String userId, String anonymousId, String name, Instant at,
                        boolean valid) {

        Instant hour() {
            return at.truncatedTo(ChronoUnit.HOURS);
        }
    }

    private static List<Long> sum(List<Long> a, List<Long> b) {
        return List.of(a.get(0) + b.get(0), a.get(1) + b.get(1));
    }
}
