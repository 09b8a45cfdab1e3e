package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Redis is optional" (docs/decisions.md, 22): a node started while the machine's Redis is down becomes ready, ingests and
 * manages; once Redis is back it subscribes to the other nodes' change signals and caches keys again, unrestarted.
 */
class RedisDownAtStartIT extends ReliabilityTest {

    @AfterEach
    void restartRedis() {
        MachineServices.startRedis();
    }

    @Test
    void startsReadyWithoutRedisAndUsesRedisOnceItIsBack() throws Exception {
        MachineServices.stopRedis();
        long started = System.nanoTime();
        startNode("redis-down-at-start", Map.of());
        long readyMillis = (System.nanoTime() - started) / 1_000_000;
        var system = Fixture.newSystem(node());
        for (int i = 0; i < 20; i++) {
            assertThat(Http.postWithKey(node().uri("/api/events/ingest"), system.apiKey(), Fixture.event("no-redis-" + i))
                    .status()).isEqualTo(202);
        }
        assertThat(Http.put(node(), "/api/partners/" + system.partnerId() + "/event-structures/Reliability%20Probe",
                "{\"schema\":{\"type\":\"object\"}}").status()).isEqualTo(201);
        assertThat(Http.get(node().uri("/actuator/health/readiness")).status()).isEqualTo(200);

        MachineServices.startRedis();
        MachineServices.awaitUntil(Duration.ofSeconds(30), () -> logSays("Listening for changes of other nodes"));
        double hitsBefore = node().metric("tracking_cache_requests_total", "cache=\"apikey\"", "result=\"hit\"");
        MachineServices.awaitUntil(Duration.ofSeconds(30), () -> {
            assertThat(Http.postWithKey(node().uri("/api/events/ingest"), system.apiKey(), Fixture.event("redis-back-"
                    + System.nanoTime())).status()).isEqualTo(202);
            return node().metric("tracking_cache_requests_total", "cache=\"apikey\"", "result=\"hit\"")
                    > hitsBefore;
        });
        Fixture.report("Redis down at start: the node was ready " + readyMillis + " ms after its start, ingested 20 "
                + "events and defined a structure without Redis, then subscribed and cached keys once Redis was back");
    }

    private boolean logSays(String text) {
        try {
            return Files.readString(node().log()).contains(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
