package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;

import static com.volcanion.tracking.api.EventJson.anEvent;
import static com.volcanion.tracking.api.EventJson.batchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Per-system token buckets in the real Redis: counted per event, answered 429 with Retry-After. */
@ApiIT
class RateLimitIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    private TestSystem system;

    @BeforeEach
    void aSystemAllowedOneEventPerSecond() {
        system = aSystem();
        var patched = patchAsAdmin("/api/systems/" + system.systemId(), "{\"rateLimitPerSecond\":1}");
        assertThat(patched).hasStatusOk();
        assertThat(body(patched).get("rateLimitPerSecond").asInt()).isEqualTo(1);
        // after a test that stopped Redis, the limiter's circuit breaker probes Redis again within 5 s;
        // an empty batch costs nothing and shows whether limits are enforced
        await().atMost(Duration.ofSeconds(10)).until(() -> postWithKey("/api/events/batch", system.apiKey(), "{\"events\":[]}")
                .getResponse().getHeader("RateLimit-Limit") != null);
    }

    @Test
    void chargesABatchOneTokenPerEventAndSaysWhatIsLeft() {
        var result = postWithKey("/api/events/batch", system.apiKey(), batch(100));

        assertThat(result).hasStatusOk();
        assertThat(result.getResponse().getHeader("RateLimit-Limit")).isEqualTo("1000");
        assertThat(Long.parseLong(result.getResponse().getHeader("RateLimit-Remaining"))).isBetween(900L, 905L);
        assertThat(Long.parseLong(result.getResponse().getHeader("RateLimit-Reset"))).isBetween(95L, 100L);
    }

    @Test
    void refusesWhatTheBucketCannotHoldWith429AndStoresNothingOfIt() {
        assertThat(postWithKey("/api/events/batch", system.apiKey(), batch(1000))).hasStatusOk();

        var refused = postWithKey("/api/events/batch", system.apiKey(), batch(50));

        assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.getResponse().getHeader("Retry-After"))).isBetween(40L, 50L);
        assertThat(refused.getResponse().getHeader("RateLimit-Remaining")).isNotNull();
        assertThat(body(refused).get("correlationId").asString()).isNotBlank();
        assertThat(body(refused).get("type").asString()).isEqualTo("urn:volcanion-tracking:problem:rate-limited");
        assertThat(body(refused).get("detail").asString()).startsWith("This system sends more events than its rate limit");
        assertThat(postWithKey("/api/events/batch", system.apiKey(), batch(20))).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId())).isEqualTo(1000);
    }

    /** A single event costs one token whatever its body: refused before the body is read, even a body of garbage. */
    @Test
    void refusesASingleEventBeyondTheLimitBeforeReadingItsBody() {
        assertThat(postWithKey("/api/events/batch", system.apiKey(), batch(1000))).hasStatusOk();

        var refused = postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":");

        assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getHeader("Retry-After")).isNotNull();
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId())).isEqualTo(1000);
    }

    @Test
    void oneSystemsFloodLeavesOtherSystemsAlone() {
        assertThat(postWithKey("/api/events/batch", system.apiKey(), batch(1000))).hasStatusOk();
        assertThat(postWithKey("/api/events/batch", system.apiKey(), batch(20))).hasStatus(HttpStatus.TOO_MANY_REQUESTS);

        String otherKey = createSystem(system.partnerId()).get("apiKey").asString();

        assertThat(postWithKey("/api/events/ingest", otherKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);
    }

    @Test
    void refusesARateLimitOutsideItsRange() {
        assertThat(patchAsAdmin("/api/systems/" + system.systemId(), "{\"rateLimitPerSecond\":0}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(patchAsAdmin("/api/systems/" + system.systemId(), "{\"rateLimitPerSecond\":1000001}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(patchAsAdmin("/api/systems/" + system.systemId(), "{\"rateLimitPerSecond\":\"many\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    private static String batch(int events) {
        return batchOf(events, i -> anEvent("Flood"));
    }
}
