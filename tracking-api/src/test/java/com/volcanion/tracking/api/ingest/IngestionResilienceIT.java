package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Races, a dead Redis and an unreachable database, over real sockets where it matters. */
@ApiIT
class IngestionResilienceIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    HikariDataSource dataSource;
    @Autowired
    MeterRegistry meters;

    private TestSystem system;

    @BeforeEach
    void givenASystem() {
        system = aSystem();
    }

    @Test
    void concurrentRequestsWithOneMessageIdStoreOneRowAndNeverFail() throws Exception {
        int clients = 16;
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            String body = i % 2 == 0 ? "{\"messageId\":\"race\",\"eventName\":\"A\"}"
                    : "{\"events\":[{\"messageId\":\"race\",\"eventName\":\"A\"},{\"messageId\":\"race\",\"eventName\":\"A\"}]}";
            String path = i % 2 == 0 ? "/api/events/ingest" : "/api/events/batch";
            calls.add(() -> {
                start.await();
                return post(path, body);
            });
        }
        List<HttpResponse<String>> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<HttpResponse<String>>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<HttpResponse<String>> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).allSatisfy(response -> assertThat(response.statusCode()).isIn(200, 202));
        long accepted = responses.stream().mapToLong(r -> count(r.body(), "\"ACCEPTED\"")).sum();
        long duplicates = responses.stream().mapToLong(r -> count(r.body(), "\"DUPLICATE\"")).sum();
        assertThat(accepted).isEqualTo(1);
        assertThat(duplicates).isEqualTo(clients / 2 + 2L * (clients / 2) - 1);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId())).isEqualTo(1);
    }

    @Test
    void cachesAKeysCredentialUnderItsHashForAnHourAndForgetsItOnDeactivation() {
        String cacheKey = "apikey:" + ApiKey.parse(system.apiKey()).orElseThrow().hash();
        assertThat(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);

        assertThat(redis.hasKey(cacheKey)).isTrue();
        assertThat(redis.getExpire(cacheKey)).isBetween(3500L, 3600L);
        assertThat(redis.opsForValue().get(cacheKey)).contains(system.systemId()).doesNotContain(system.apiKey());

        patchAsAdmin("/api/systems/" + system.systemId(), "{\"active\":false}");

        assertThat(redis.hasKey(cacheKey)).isFalse();
        assertThat(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    /** The checksum is public: a forged key is well-formed. After its first lookup it costs no Redis or SQL query. */
    @Test
    void refusesAForgedKeyFromMemoryAfterItsFirstLookup() {
        String forged = ApiKey.generate().value();
        double misses = apiKeyCacheCount("miss");
        double unknown = apiKeyCacheCount("unknown");

        for (int i = 0; i < 50; i++) {
            assertThat(postWithKey("/api/events/ingest", forged, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.UNAUTHORIZED);
        }

        assertThat(apiKeyCacheCount("miss")).as("one lookup in Redis, then the database").isEqualTo(misses + 1);
        assertThat(apiKeyCacheCount("unknown")).isEqualTo(unknown + 49);
        var fresh = createSystem(createPartner());
        assertThat(postWithKey("/api/events/ingest", fresh.get("apiKey").asString(), "{\"eventName\":\"A\"}"))
                .as("a key issued now is taken at once").hasStatus(HttpStatus.ACCEPTED);
    }

    private double apiKeyCacheCount(String result) {
        return meters.get("tracking.cache.requests").tag("cache", "apikey").tag("result", result).counter().count();
    }

    @Test
    void keepsIngestingAndManagingWhileRedisIsDown() throws Exception {
        assertThat(post("/api/events/ingest", "{\"eventName\":\"before\"}").statusCode()).isEqualTo(202);
        TestServers.stopRedis();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(post("/api/events/ingest", "{\"eventName\":\"during\"}").statusCode()).isEqualTo(202);
            }
            assertThat(post("/api/events/batch", "{\"events\":[{\"eventName\":\"during\"}]}").statusCode()).isEqualTo(200);
            patchAsAdmin("/api/systems/" + system.systemId(), "{\"active\":false}");
            assertThat(post("/api/events/ingest", "{\"eventName\":\"refused\"}").statusCode()).isEqualTo(401);
            patchAsAdmin("/api/systems/" + system.systemId(), "{\"active\":true}");
        } finally {
            TestServers.startRedis();
        }
        assertThat(post("/api/events/ingest", "{\"eventName\":\"after\"}").statusCode()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId())).isEqualTo(23);
    }

    /**
     * The first request of an outage finds the database unreachable (503); the next ones are answered 503 at once by
     * the database's circuit breaker, without asking the pool for a connection it cannot have (its timeout would be
     * every request's latency). "At once" is asserted by what answered, not by a clock: the breaker's rejections
     * and the detail it gives. Nothing sent during the outage is stored.
     */
    @Test
    void answers503WithRetryAfterWhenTheDatabaseIsUnreachableAndAtOnceOnceItIsKnown() throws Exception {
        var endpoints = TestServers.endpoints();
        String database = jdbc.queryForObject("select current_database()", String.class);
        // an administrative session on another database of the same server
        String adminUrl = endpoints.jdbcUrl().replaceFirst("/" + database + "(\\?|$)", "/template1$1");
        List<HttpResponse<String>> during = new ArrayList<>();
        List<Long> elapsedMillis = new ArrayList<>();
        double rejectedBefore = breakerRejections();
        try (Connection admin = DriverManager.getConnection(adminUrl, endpoints.username(), endpoints.password());
             Statement statement = admin.createStatement()) {
            // warm the key cache, so authentication does not need the database
            assertThat(post("/api/events/ingest", "{\"eventName\":\"before\"}").statusCode()).isEqualTo(202);
            statement.execute("alter database \"" + database + "\" allow_connections false");
            try {
                statement.execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '"
                        + database + "'");
                for (int i = 0; i < 5; i++) {
                    long started = System.nanoTime();
                    during.add(post("/api/events/ingest", "{\"messageId\":\"during-outage-" + i + "\",\"eventName\":\"A\"}"));
                    elapsedMillis.add((System.nanoTime() - started) / 1_000_000);
                }
            } finally {
                statement.execute("alter database \"" + database + "\" allow_connections true");
            }
        }

        for (HttpResponse<String> response : during) {
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
            assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        assertThat(during).as("answered by the open breaker, not by a wait for a connection")
                .anySatisfy(response -> assertThat(response.body()).contains("the database is unreachable; nothing was stored"));
        assertThat(breakerRejections() - rejectedBefore).isPositive();
        System.out.printf("503s during the outage, in order: %s ms%n", elapsedMillis);
        try {
            awaitRecovery();
            assertThat(jdbc.queryForObject(
                    "select count(*) from write.tracking_events where message_id like 'during-outage-%'", Long.class)).isZero();
        } finally {
            // hygiene for the tests that share this context: drop pooled connections the outage killed
            dataSource.getHikariPoolMXBean().softEvictConnections();
        }
    }

    private double breakerRejections() {
        var counter = meters.find("tracking.circuit.breaker.rejected").tag("name", "database").counter();
        return counter == null ? 0 : counter.count();
    }

    /**
     * Connections the outage killed fail once each as the pool meets them: those requests must be 503s, never
     * 500s, and within seconds both ingestion and management answer normally again, without a restart.
     */
    private void awaitRecovery() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        boolean ingests = false;
        boolean manages = false;
        while (!(ingests && manages) && System.nanoTime() < deadline) {
            int ingest = post("/api/events/ingest", "{\"eventName\":\"after-outage\"}").statusCode();
            int manage = getAsAdmin("/api/systems/{id}", system.systemId()).getResponse().getStatus();
            assertThat(ingest).isIn(202, 503);
            assertThat(manage).isIn(200, 503);
            ingests |= ingest == 202;
            manages |= manage == 200;
        }
        assertThat(ingests && manages).as("recovered within 20 s").isTrue();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return postOverSocket(path, system.apiKey(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static long count(String text, String needle) {
        return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1L;
    }
}
