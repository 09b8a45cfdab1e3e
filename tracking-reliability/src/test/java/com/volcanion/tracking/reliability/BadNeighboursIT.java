package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outside review's first finding, replayed against the packaged jar: six clients send good events beside two
 * that send events PostgreSQL would refuse (years 0 and 10000, lone surrogates, numbers jsonb would alter), in the
 * same group commits. The good clients must never see a 5xx, and every acknowledged event must be stored.
 */
class BadNeighboursIT extends ReliabilityTest {

    private static final List<String> BAD_EVENTS = List.of(
            "{\"eventName\":\"A\",\"timestamp\":\"0000-01-01T00:00:00Z\"}",
            "{\"eventName\":\"A\",\"timestamp\":\"+10000-01-01T00:00:00Z\"}",
            "{\"eventName\":\"A\",\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"sentAt\":\"+999999999-12-31T23:59:59Z\"}",
            "{\"eventName\":\"A\",\"messageId\":\"sur-\\ud800\"}",
            "{\"eventName\":\"A\",\"properties\":{\"big\":1e1000}}",
            "{\"events\":[{\"eventName\":\"A\",\"timestamp\":\"0000-01-01T00:00:00Z\"},{\"eventName\":\"A\",\"userId\":\"\\udc00\"}]}");

    @Test
    void badEventsNeverTurnTheirNeighboursRequestsInto503s() throws Exception {
        startNode("bad-neighbours", Map.of());
        var good = Fixture.newSystem(node());
        var bad = Fixture.newSystem(node(), good.partnerId());
        Map<Integer, AtomicInteger> goodAnswers = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> badAnswers = new ConcurrentHashMap<>();
        AtomicLong acknowledged = new AtomicLong();
        long end = System.nanoTime() + 6_000_000_000L;
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; System.nanoTime() < end; i++) {
                    if (client < 2) {
                        String body = BAD_EVENTS.get(i % BAD_EVENTS.size());
                        var answer = Http.postWithKey(node().uri(body.startsWith("{\"events\"") ? "/api/events/batch"
                                : "/api/events/ingest"), bad.apiKey(), body);
                        badAnswers.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                    } else {
                        var answer = Http.postWithKey(node().uri("/api/events/ingest"), good.apiKey(),
                                Fixture.event("good-" + client + "-" + i));
                        goodAnswers.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.status() == 202) {
                            acknowledged.incrementAndGet();
                        }
                    }
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Fixture.report("bad neighbours: 6 good clients beside 2 sending unstorable events for 6 s: good answers "
                + new TreeMap<>(goodAnswers) + ", bad answers " + new TreeMap<>(badAnswers) + ", "
                + StoredEvents.ofSystem(database, bad.systemId()) + " events of the bad clients stored");
        assertThat(goodAnswers.keySet()).containsOnly(202);
        assertThat(badAnswers.keySet()).allMatch(status -> status == 200 || status == 400);
        assertThat(StoredEvents.ofSystem(database, good.systemId())).isEqualTo(acknowledged.get());
        assertThat(StoredEvents.ofSystem(database, bad.systemId())).isZero();
    }
}
