package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Redis stopped under load: ingestion and queries keep working with no 5xx; the p99 cost is measured. */
class RedisOutageIT extends ReliabilityTest {


    @AfterEach
    void restartRedis() {
        MachineServices.startRedis();
    }

    @Test
    void keepsIngestingAndAnsweringQueriesWithoutRedis() throws Exception {
        startNode("redis-outage", Map.of());
        var system = Fixture.newSystem(node());
        load(system, "warm-up", 10);   // JIT and connection pools, not measured
        Phase withRedis = load(system, "redis-up", 10);
        MachineServices.stopRedis();
        Phase withoutRedis;
        try {
            withoutRedis = load(system, "redis-down", 10);
        } finally {
            MachineServices.startRedis();
        }
        load(system, "reconnecting", 6);   // the circuit breakers try Redis again after 5 s, not measured
        Phase afterRedis = load(system, "redis-back", 10);

        for (Phase phase : List.of(withRedis, withoutRedis, afterRedis)) {
            assertThat(phase.statuses.keySet()).as(phase.name + ": " + phase.statuses).allMatch(status -> status > 0 && status < 500);
            assertThat(phase.ingestMillis).as(phase.name).isNotEmpty();
        }
        assertThat(withoutRedis.statuses.keySet()).containsOnly(200, 202);
        Fixture.report(String.format("Redis stopped for 10 s under load (4 ingesting clients, 1 querying): ingest "
                        + "p50/p99 %.1f / %.1f ms before, %.1f / %.1f ms during the outage, %.1f / %.1f ms after it came "
                        + "back (p99 during minus after: %+.1f ms); queries p99 %.1f ms before, %.1f ms during, %.1f ms "
                        + "after; answers during the outage %s, no 5xx",
                p(withRedis.ingestMillis, 50), p(withRedis.ingestMillis, 99), p(withoutRedis.ingestMillis, 50),
                p(withoutRedis.ingestMillis, 99), p(afterRedis.ingestMillis, 50), p(afterRedis.ingestMillis, 99),
                p(withoutRedis.ingestMillis, 99) - p(afterRedis.ingestMillis, 99), p(withRedis.queryMillis, 99),
                p(withoutRedis.queryMillis, 99), p(afterRedis.queryMillis, 99), withoutRedis.statuses));
    }

    private static double p(List<Double> values, double percentile) {
        return Fixture.percentile(values, percentile);
    }

    private record Phase(String name, Map<Integer, AtomicInteger> statuses, List<Double> ingestMillis,
                         List<Double> queryMillis) {
    }

    /** Four clients ingest single events and one queries events and statistics, for {@code seconds}. */
    private Phase load(Fixture.TestSystem system, String name, int seconds) throws InterruptedException {
        Phase phase = new Phase(name, new ConcurrentHashMap<>(), Collections.synchronizedList(new ArrayList<>()),
                Collections.synchronizedList(new ArrayList<>()));
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(5);
        for (int c = 0; c < 4; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    try {
                        var answer = Http.postWithKey(node().uri("/api/events/ingest"), system.apiKey(),
                                Fixture.event(name + "-" + client + "-" + i));
                        phase.statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        phase.ingestMillis.add(answer.millis());
                    } catch (java.io.UncheckedIOException noAnswer) {
                        phase.statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                    }
                }
            });
        }
        clients.submit(() -> {
            for (int i = 0; System.nanoTime() < end; i++) {
                try {
                    var answer = Http.getAsAdmin(node().uri(i % 2 == 0
                            ? "/api/events/partner-system/" + system.systemId() + "?limit=50"
                            : "/api/statistics/partners/" + system.partnerId()));
                    phase.statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    phase.queryMillis.add(answer.millis());
                } catch (java.io.UncheckedIOException noAnswer) {
                    phase.statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                }
            }
        });
        clients.shutdown();
        assertThat(clients.awaitTermination(seconds + 30L, TimeUnit.SECONDS)).isTrue();
        return phase;
    }
}
