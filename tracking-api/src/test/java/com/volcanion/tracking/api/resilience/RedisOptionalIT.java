package com.volcanion.tracking.api.resilience;

import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.api.TrackingApplication;
import com.volcanion.tracking.infrastructure.schema.EventStructureChangeSignal;
import com.volcanion.tracking.infrastructure.embedded.ServerEndpoints;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Redis is optional" (docs/decisions.md, 22): a node whose Redis is down when it starts starts, serves, and stays ready;
 * when Redis comes, the node uses it without a restart. A service of its own (not the shared test context), with
 * its Redis pointed at a port where nothing listens yet.
 */
class RedisOptionalIT {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private int port;

    @Test
    void startsServesAndStaysReadyWithRedisDownThenSubscribesOnceRedisComes() throws Exception {
        int redisPort = freePort();
        ServerEndpoints database = TestServers.endpoints();
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(TrackingApplication.class)
                .run("--server.port=0", "--tracking.embedded.enabled=false", "--tracking.projector.enabled=false",
                        "--spring.datasource.url=" + database.jdbcUrl(), "--spring.datasource.username=" + database.username(),
                        "--spring.datasource.password=" + database.password(), "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=" + redisPort, "--tracking.admin-token=" + ApiTestSupport.ADMIN_TOKEN,
                        "--logging.structured.format.console=")) {
            port = service.getEnvironment().getRequiredProperty("local.server.port", Integer.class);

            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            String partnerId = json.readTree(admin("POST", "/api/partners",
                    "{\"name\":\"No Redis\",\"email\":\"no-redis-" + System.nanoTime() + "@acme.example\"}", 201)).get("id").asString();
            JsonNode system = json.readTree(admin("POST", "/api/partners/" + partnerId + "/systems",
                    "{\"name\":\"Web\",\"type\":\"WEBSITE\"}", 201));
            admin("PUT", "/api/partners/" + partnerId + "/event-structures/Signed%20Up", "{\"schema\":{\"type\":\"object\"}}", 201);
            for (int i = 0; i < 3; i++) {
                assertThat(ingest(system.get("apiKey").asString()).statusCode()).isEqualTo(202);
            }
            admin("GET", "/api/statistics/partners/" + partnerId, null, 200);
            assertThat(get("/actuator/health/readiness").statusCode()).as("ready while Redis is down").isEqualTo(200);
            EventStructureChangeSignal signal = service.getBean(EventStructureChangeSignal.class);
            assertThat(signal.isSubscribed()).isFalse();

            RedisServer redis = RedisServer.newRedisServer().bind("127.0.0.1").port(redisPort)
                    .setting("save \"\"").setting("appendonly no").build();
            redis.start();
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (!signal.isSubscribed() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                assertThat(signal.isSubscribed()).as("subscribed within 20 s of Redis coming").isTrue();
                assertThat(ingest(system.get("apiKey").asString()).statusCode()).isEqualTo(202);
            } finally {
                redis.stop();
            }
        }
    }

    private HttpResponse<String> ingest(String apiKey) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events/ingest"))
                .header("X-Api-Key", apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventName\":\"Signed Up\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String admin(String method, String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + ApiTestSupport.ADMIN_TOKEN).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(method + " " + path + ": " + response.body()).isEqualTo(expectedStatus);
        return response.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
