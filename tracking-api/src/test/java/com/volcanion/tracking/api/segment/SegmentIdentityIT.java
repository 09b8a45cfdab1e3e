package com.volcanion.tracking.api.segment;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profiles and the identity map under generated input: identify and alias calls with random traits, links and
 * event times, sent out of order in batches of random sizes, against a plain reference of the contract (docs/api.md:
 * per key the value of the identify latest by event time; an anonymousId belongs to the first user it was linked
 * with); and concurrent batches naming the same users and anonymousIds in opposite orders, which must all be stored.
 * Each run draws a new seed, printed; {@code -Dtracking.generated.seed=N} replays one.
 */
@ApiIT
class SegmentIdentityIT extends ApiTestSupport {

    private static final String[] USERS = {"u-1", "u-2", "u-3"};
    private static final String[] ANONYMOUS_IDS = {"a-1", "a-2", "a-3", "a-4", "a-5", "a-6"};
    private static final String[] KEYS = {"plan", "email", "seats", "name", "company"};

    @Autowired
    TrackingEventProjector projector;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @RepeatedTest(3)
    void profilesAndLinksAreWhatTheContractSaysWhateverTheOrderOfArrival() {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        System.out.println("[generated input] seed " + seed);
        Random random = new Random(seed);
        TestSystem system = aSystem();
        Reference reference = new Reference();
        List<Map<String, Object>> calls = new ArrayList<>();
        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 60; i++) {   // distinct event times over a day: no ties in "latest"
            times.add(Instant.parse("2026-11-24T00:00:00Z").plusSeconds(i * 1440L + random.nextInt(1000)));
        }
        Collections.shuffle(times, random);
        for (Instant time : times) {
            String user = USERS[random.nextInt(USERS.length)];
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("userId", user);
            call.put("timestamp", time.toString());
            if (random.nextInt(4) == 0) {
                call.put("type", "alias");
                call.put("previousId", ANONYMOUS_IDS[random.nextInt(ANONYMOUS_IDS.length)]);
            } else {
                call.put("type", "identify");
                if (random.nextBoolean()) {
                    call.put("anonymousId", ANONYMOUS_IDS[random.nextInt(ANONYMOUS_IDS.length)]);
                }
                Map<String, Object> traits = new HashMap<>();
                for (String key : KEYS) {
                    if (random.nextInt(3) == 0) {
                        traits.put(key, key + "@" + time);
                    }
                }
                call.put("traits", traits);
            }
            calls.add(call);
        }

        for (int next = 0; next < calls.size(); ) {
            List<Map<String, Object>> batch = calls.subList(next, Math.min(calls.size(), next + 1 + random.nextInt(8)));
            HttpResponse<String> answer = postBatch(system.apiKey(), batch);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            reference.apply(batch);
            next += batch.size();
        }
        projector.projectAvailable();

        for (String user : reference.usersSeen()) {
            JsonNode profile = body(getAsAdmin("/api/partners/{partner}/users/{user}", system.partnerId(), user));
            assertThat(json.convertValue(profile.get("traits"), Map.class)).as("traits of " + user + ", seed " + seed)
                    .isEqualTo(reference.traitsOf(user));
            List<String> anonymousIds = new ArrayList<>();
            profile.get("anonymousIds").forEach(id -> anonymousIds.add(id.asString()));
            assertThat(anonymousIds).as("anonymousIds of " + user + ", seed " + seed)
                    .containsExactlyInAnyOrderElementsOf(reference.anonymousIdsOf(user));
        }
    }

    @Test
    void concurrentBatchesNamingTheSameUsersInOppositeOrdersAreAllStoredWithoutADeadlock() throws Exception {
        TestSystem system = aSystem();
        // a group that lost a deadlock (40P01) is written again event by event and still answers 200: count those
        double rewrittenBefore = meters.counter("tracking.ingest.group.commit.rewritten").count();
        ConcurrentLinkedQueue<String> answers = new ConcurrentLinkedQueue<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<?>> sent = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                int seed = client;
                sent.add(clients.submit(() -> {
                    Random random = new Random(seed);
                    for (int request = 0; request < 15; request++) {
                        List<Map<String, Object>> batch = new ArrayList<>();
                        List<String> users = new ArrayList<>(List.of(USERS));
                        Collections.shuffle(users, random);
                        for (String user : users) {
                            batch.add(Map.of("type", "identify", "userId", user,
                                    "anonymousId", ANONYMOUS_IDS[random.nextInt(ANONYMOUS_IDS.length)],
                                    "traits", Map.of("plan", "p-" + random.nextInt(100))));
                        }
                        HttpResponse<String> answer = postBatch(system.apiKey(), batch);
                        answers.add(answer.statusCode() + " " + answer.body());
                    }
                    return null;
                }));
            }
            for (Future<?> client : sent) {
                client.get();
            }
        }

        assertThat(answers).hasSize(8 * 15).allMatch(answer -> answer.startsWith("200 "));
        assertThat(meters.counter("tracking.ingest.group.commit.rewritten").count()).isEqualTo(rewrittenBefore);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId())).isEqualTo(8 * 15 * USERS.length);
        assertThat(jdbc.queryForObject("select count(*) from write.identity_links where partner_id = ?::uuid",
                Long.class, system.partnerId())).isEqualTo(ANONYMOUS_IDS.length);
    }

    private HttpResponse<String> postBatch(String apiKey, List<Map<String, Object>> calls) {
        return send(HttpRequest.newBuilder(uri("/v1/batch"))
                .header("Authorization", basic(apiKey))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("batch", calls)))));
    }

    /** The contract, computed plainly from the calls in the order they were committed. */
    private static final class Reference {
        private final Map<String, Map<String, Object>> traits = new HashMap<>();
        private final Map<String, Map<String, Instant>> traitTimes = new HashMap<>();
        private final Map<String, String> ownerOf = new HashMap<>();
        private final List<String> usersSeen = new ArrayList<>();

        /** One committed batch: its links first, the earliest by event time winning a key within it. */
        void apply(List<Map<String, Object>> batch) {
            batch.stream()
                    .sorted(Comparator.comparing(call -> Instant.parse((String) call.get("timestamp"))))
                    .forEach(call -> {
                        Object linked = call.get("type").equals("alias") ? call.get("previousId") : call.get("anonymousId");
                        if (linked != null) {
                            ownerOf.putIfAbsent((String) linked, (String) call.get("userId"));
                        }
                    });
            for (Map<String, Object> call : batch) {
                String user = (String) call.get("userId");
                if (!usersSeen.contains(user)) {
                    usersSeen.add(user);
                }
                Instant time = Instant.parse((String) call.get("timestamp"));
                @SuppressWarnings("unchecked")
                Map<String, Object> callTraits = (Map<String, Object>) call.getOrDefault("traits", Map.of());
                Map<String, Object> userTraits = traits.computeIfAbsent(user, u -> new HashMap<>());
                Map<String, Instant> times = traitTimes.computeIfAbsent(user, u -> new HashMap<>());
                callTraits.forEach((key, value) -> {
                    if (!times.containsKey(key) || times.get(key).isBefore(time)) {
                        userTraits.put(key, value);
                        times.put(key, time);
                    }
                });
            }
        }

        List<String> usersSeen() {
            return usersSeen;
        }

        Map<String, Object> traitsOf(String user) {
            return traits.get(user);
        }

        List<String> anonymousIdsOf(String user) {
            return ownerOf.entrySet().stream().filter(link -> link.getValue().equals(user)).map(Map.Entry::getKey).toList();
        }
    }
}
