package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A system's rate limit holds across two nodes (one bucket in Redis), is counted per event, answers 429 with
 * Retry-After and RateLimit-* headers, and one key's flood leaves other keys un-throttled.
 */
class RateLimitAcrossNodesIT extends ReliabilityTest {

    private static final int PER_SECOND = 200;
    private static final int BURST = 1000;   // RateLimit.of(200): two seconds' worth, at least one batch
    private static final int BATCH = 50;

    @Test
    void holdsOneLimitAcrossTwoNodesAndLeavesOtherKeysAlone() throws Exception {
        startNode("rate-1", Map.of());
        startNode("rate-2", Map.of());
        var flooding = Fixture.newSystem(nodes.getFirst());
        var quiet = Fixture.newSystem(nodes.getFirst(), flooding.partnerId());
        assertThat(Http.patchAsAdmin(nodes.getFirst().uri("/api/systems/" + flooding.systemId()),
                "{\"rateLimitPerSecond\":" + PER_SECOND + "}").status()).isEqualTo(200);
        quietClient(quiet, 3, new ConcurrentHashMap<>());   // warm-up, not measured
        List<Double> quietAlone = quietClient(quiet, 5, new ConcurrentHashMap<>());

        AtomicLong acceptedEvents = new AtomicLong();
        Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
        AtomicInteger refusalsWithoutHeaders = new AtomicInteger();
        AtomicBoolean flooding429 = new AtomicBoolean();
        int seconds = 8;
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    List<String> ids = new ArrayList<>();
                    for (int j = 0; j < BATCH; j++) {
                        ids.add("flood-" + client + "-" + i + "-" + j);
                    }
                    Http.Answer answer;
                    try {
                        answer = Http.postWithKey(nodes.get((client + i) % 2).uri("/api/events/batch"),
                                flooding.apiKey(), Fixture.batch(ids));
                    } catch (java.io.UncheckedIOException noAnswer) {
                        floodStatuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                        continue;
                    }
                    floodStatuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (answer.status() == 200) {
                        acceptedEvents.addAndGet(Fixture.json(answer.body()).get("accepted").asLong());
                    } else if (answer.status() == 429) {
                        flooding429.set(true);
                        if (answer.header("Retry-After") == null || answer.header("RateLimit-Remaining") == null) {
                            refusalsWithoutHeaders.incrementAndGet();
                        }
                    }
                }
            });
        }
        Map<Integer, AtomicInteger> quietStatuses = new ConcurrentHashMap<>();
        List<Double> quietDuringFlood = quietClient(quiet, seconds, quietStatuses);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        double elapsed = (System.nanoTime() - start) / 1e9;

        double allowance = BURST + PER_SECOND * elapsed;
        assertThat(flooding429).isTrue();
        assertThat(floodStatuses.keySet()).containsOnly(200, 429);
        assertThat(refusalsWithoutHeaders.get()).isZero();
        assertThat((double) acceptedEvents.get()).as("events taken from one key through two nodes")
                .isLessThanOrEqualTo(allowance + BATCH)
                .isGreaterThan(allowance * 0.8);
        assertThat(quietStatuses.keySet()).as("the quiet key is never throttled").containsOnly(202);
        assertThat(StoredEvents.count(database, "select count(*) from write.tracking_events where partner_system_id = '"
                + flooding.systemId() + "'")).isEqualTo(acceptedEvents.get());
        Fixture.report(String.format("rate limit %d events/s (bucket %d) on one key, flooded through two nodes by 4 "
                        + "clients with batches of %d for %.1f s: %d events accepted (allowance %.0f; one bucket per node "
                        + "would have allowed %.0f), answers %s, every 429 with Retry-After and RateLimit-*; another "
                        + "key's single events: p50/p99 %.1f / %.1f ms alone, %.1f / %.1f ms during the flood, never 429",
                PER_SECOND, BURST, BATCH, elapsed, acceptedEvents.get(), allowance, 2 * allowance, floodStatuses,
                Fixture.percentile(quietAlone, 50), Fixture.percentile(quietAlone, 99),
                Fixture.percentile(quietDuringFlood, 50), Fixture.percentile(quietDuringFlood, 99)));
    }

    /** One client of another key sending a single event every 20 ms, alternating nodes. */
    private List<Double> quietClient(Fixture.TestSystem quiet, int seconds, Map<Integer, AtomicInteger> statuses)
            throws InterruptedException {
        List<Double> millis = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            var answer = Http.postWithKey(nodes.get(i % 2).uri("/api/events/ingest"), quiet.apiKey(),
                    Fixture.event("quiet-" + System.nanoTime()));
            statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
            millis.add(answer.millis());
            Thread.sleep(20);
        }
        return millis;
    }
}
