package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Per-system token buckets in the real Redis: counted per event, answered 429 with Retry-After. */
@ApiIT
class RateLimitIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    private String partnerId;
    private String systemId;
    private String apiKey;

    @BeforeEach
    void aSystemAllowedOneEventPerSecond() {
        partnerId = createPartner();
        var system = createSystem(partnerId);
        systemId = system.get("id").asString();
        apiKey = system.get("apiKey").asString();
        var patched = patchAsAdmin("/api/systems/" + systemId, "{\"rateLimitPerSecond\":1}");
        assertThat(patched).hasStatusOk();
        assertThat(body(patched).get("rateLimitPerSecond").asInt()).isEqualTo(1);
        // after a test that stopped Redis, the limiter's circuit breaker probes Redis again within 5 s;
        // an empty batch costs nothing and shows whether limits are enforced
        await().atMost(Duration.ofSeconds(10)).until(() -> postWithKey("/api/events/batch", apiKey, "{\"events\":[]}")
                .getResponse().getHeader("RateLimit-Limit") != null);
    }

    @Test
    void chargesABatchOneTokenPerEventAndSaysWhatIsLeft() {
        var result = postWithKey("/api/events/batch", apiKey, batch(100));

        assertThat(result).hasStatusOk();
        assertThat(result.getResponse().getHeader("RateLimit-Limit")).isEqualTo("1000");
        assertThat(Long.parseLong(result.getResponse().getHeader("RateLimit-Remaining"))).isBetween(900L, 905L);
        assertThat(Long.parseLong(result.getResponse().getHeader("RateLimit-Reset"))).isBetween(95L, 100L);
    }

    @Test
    void refusesWhatTheBucketCannotHoldWith429AndStoresNothingOfIt() {
        assertThat(postWithKey("/api/events/batch", apiKey, batch(1000))).hasStatusOk();

        var refused = postWithKey("/api/events/batch", apiKey, batch(50));

        assertThat(refused).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(refused.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat(Long.parseLong(refused.getResponse().getHeader("Retry-After"))).isBetween(40L, 50L);
        assertThat(refused.getResponse().getHeader("RateLimit-Remaining")).isNotNull();
        assertThat(body(refused).get("correlationId").asString()).isNotBlank();
        assertThat(postWithKey("/api/events/batch", apiKey, batch(20))).hasStatus(HttpStatus.TOO_MANY_REQUESTS);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, systemId)).isEqualTo(1000);
    }

    @Test
    void oneSystemsFloodLeavesOtherSystemsAlone() {
        assertThat(postWithKey("/api/events/batch", apiKey, batch(1000))).hasStatusOk();
        assertThat(postWithKey("/api/events/batch", apiKey, batch(20))).hasStatus(HttpStatus.TOO_MANY_REQUESTS);

        String otherKey = createSystem(partnerId).get("apiKey").asString();

        assertThat(postWithKey("/api/events/ingest", otherKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);
    }

    @Test
    void refusesARateLimitOutsideItsRange() {
        assertThat(patchAsAdmin("/api/systems/" + systemId, "{\"rateLimitPerSecond\":0}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(patchAsAdmin("/api/systems/" + systemId, "{\"rateLimitPerSecond\":1000001}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(patchAsAdmin("/api/systems/" + systemId, "{\"rateLimitPerSecond\":\"many\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
    }

    private static String batch(int events) {
        StringJoiner items = new StringJoiner(",", "{\"events\":[", "]}");
        for (int i = 0; i < events; i++) {
            items.add("{\"eventName\":\"Flood\"}");
        }
        return items.toString();
    }
}
