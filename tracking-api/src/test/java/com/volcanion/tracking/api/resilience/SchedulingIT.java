package com.volcanion.tracking.api.resilience;

import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.api.OpenApiContractConfiguration;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import com.volcanion.tracking.infrastructure.testing.TestServersConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scheduled work that must not wait on other scheduled work, in a context whose projector runs on its schedule.
 * The projector is stuck on a locked read-model table; a revoked key's second eviction (two seconds after the
 * first, against a request that cached the old credential in between) still happens on time.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracking.embedded.enabled=false", "tracking.projector.enabled=true",
                "tracking.projector.interval=PT0.1S", "tracking.admin-token=" + ApiTestSupport.ADMIN_TOKEN})
@AutoConfigureMockMvc
@Import({TestServersConfiguration.class, OpenApiContractConfiguration.class})
class SchedulingIT extends ApiTestSupport {

    @Autowired
    StringRedisTemplate redis;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aRevokedKeysSecondEvictionNeverWaitsBehindAStuckProjection() throws Exception {
        var system = createSystem(createPartner());
        String systemId = system.get("id").asString();
        String oldKey = system.get("apiKey").asString();
        String cacheKey = "apikey:" + ApiKey.parse(oldKey).orElseThrow().hash();
        assertThat(postWithKey("/api/events/ingest", oldKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);
        String staleCredential = redis.opsForValue().get(cacheKey);
        assertThat(staleCredential).isNotNull();

        var endpoints = TestServers.endpoints();
        try (Connection locker = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("lock table read.tracking_events_read_model in access exclusive mode");
            }
            assertThat(postWithKey("/api/events/ingest", oldKey, "{\"eventName\":\"B\"}")).hasStatus(HttpStatus.ACCEPTED);
            awaitProjectorWaitingForTheLock();

            assertThat(postAsAdmin("/api/systems/" + systemId + "/api-key/rotate", "{\"gracePeriodSeconds\":0}")).hasStatusOk();
            assertThat(redis.hasKey(cacheKey)).as("the first eviction").isFalse();
            redis.opsForValue().set(cacheKey, staleCredential, Duration.ofHours(1));   // a request that read the database just before

            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (redis.hasKey(cacheKey) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(redis.hasKey(cacheKey)).as("the second eviction, while the projector is stuck").isFalse();
            assertThat(postWithKey("/api/events/ingest", oldKey, "{\"eventName\":\"C\"}")).hasStatus(HttpStatus.UNAUTHORIZED);
            locker.rollback();
        }
    }

    private void awaitProjectorWaitingForTheLock() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Long waiting = jdbc.queryForObject("select count(*) from pg_stat_activity where wait_event_type = 'Lock' "
                    + "and query like '%tracking_events_read_model%'", Long.class);
            if (waiting != null && waiting > 0) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the projector never waited for the locked read model");
    }
}
