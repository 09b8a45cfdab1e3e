package com.volcanion.tracking.api;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Shortcuts for API tests: authenticated requests and the fixtures most tests start from. */
public abstract class ApiTestSupport {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** The statistics cache's staleness bound in the tests' context (10 s by default): short, so tests can wait it out. */
    public static final int STATISTICS_MAX_STALENESS_SECONDS = 2;
    /**
     * Rows of read.session_stats (those not all zero) that the partner's kept sessions do not sum to, and sums of the
     * kept sessions it lacks; two uuid parameters, the partner's.
     */
    protected static final String SESSION_STATS_NOT_OF_THE_SESSIONS = """
            with kept as (
                select partner_system_id, hour, duration_bin, sessions, duration_micros::numeric, events, bounces
                from read.session_stats where partner_id = ?::uuid and (sessions, duration_micros, events, bounces) <> (0, 0, 0, 0)
            ), made as (
                select partner_system_id, date_trunc('hour', first_at, 'UTC'),
                       read.session_duration_bin(read.session_micros(first_at, last_at)), count(*),
                       sum(read.session_micros(first_at, last_at)), sum(events), count(*) filter (where events = 1)
                from read.sessions where partner_id = ?::uuid group by 1, 2, 3
            )
            select count(*) from ((table kept except table made) union all (table made except table kept)) differences
            """;

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected JsonMapper json;

    /** The real port, for what MockMvc cannot show: the bytes on the wire, Tomcat's own parsing and limits. */
    @LocalServerPort
    protected int port;

    private final HttpClient http = HttpClient.newHttpClient();

    /** Every exchange of the test, over MockMvc or a socket, was one the OpenAPI description declares. */
    @AfterEach
    void exchangesFollowTheOpenApiDescription() {
        assertThat(OpenApiContract.takeViolations()).as("exchanges /v3/api-docs does not describe").isEmpty();
    }

    protected MvcTestResult postAsAdmin(String uri, String body) {
        return mvc.post().uri(uri).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    protected MvcTestResult patchAsAdmin(String uri, String body) {
        return mvc.patch().uri(uri).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    protected MvcTestResult putAsAdmin(String uri, String body) {
        return mvc.put().uri(uri).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    protected MvcTestResult getAsAdmin(String uri, Object... variables) {
        return mvc.get().uri(uri, variables).header("Authorization", "Bearer " + ADMIN_TOKEN).exchange();
    }

    protected MvcTestResult deleteAsAdmin(String uri, Object... variables) {
        return mvc.delete().uri(uri, variables).header("Authorization", "Bearer " + ADMIN_TOKEN).exchange();
    }

    /** Posts to an ingestion endpoint with a system's key. */
    protected MvcTestResult postWithKey(String uri, String apiKey, String body) {
        return mvc.post().uri(uri).header("X-Api-Key", apiKey)
                .contentType(MediaType.APPLICATION_JSON).content(body).exchange();
    }

    /** The service's address for a path, over a real socket. */
    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Sends a request over a real socket. */
    protected HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Posts these bytes as JSON with a system's key, over a real socket. */
    protected HttpResponse<String> postOverSocket(String path, String apiKey, byte[] body) {
        return send(HttpRequest.newBuilder(uri(path)).header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Sends the calls through Segment's {@code /v1/batch}, in order, in batches of 1 to 40 drawn from {@code random}. */
    protected void sendSegmentBatches(String apiKey, List<Map<String, Object>> calls, Random random) {
        for (int next = 0; next < calls.size(); ) {
            List<Map<String, Object>> batch = calls.subList(next, Math.min(calls.size(), next + 1 + random.nextInt(40)));
            HttpResponse<String> answer = send(HttpRequest.newBuilder(uri("/v1/batch"))
                    .header("Authorization", basic(apiKey)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of("batch", batch)))));
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            next += batch.size();
        }
    }

    /** The {@code Authorization} value of HTTP Basic with the key as user name, as Segment's SDKs send it. */
    protected static String basic(String apiKey) {
        return "Basic " + Base64.getEncoder().encodeToString((apiKey + ":").getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes gzipped, as a body sent with {@code Content-Encoding: gzip}. */
    protected static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    protected JsonNode body(MvcTestResult result) {
        return json.readTree(result.getResponse().getContentAsByteArray());
    }

    protected String text(MvcTestResult result) {
        return new String(result.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    protected String uniqueEmail() {
        return "ops-" + UUID.randomUUID() + "@acme.example";
    }

    /** Registers a partner and returns its id. */
    protected String createPartner() {
        MvcTestResult result = postAsAdmin("/api/partners",
                "{\"name\":\"Acme\",\"email\":\"" + uniqueEmail() + "\"}");
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return body(result).get("id").asString();
    }

    /** A partner with one website system, as most ingestion and read-side tests start. */
    protected record TestSystem(String partnerId, String systemId, String apiKey) {
    }

    /** Registers a partner and a website system of it. */
    protected TestSystem aSystem() {
        return aSystem("https://shop.acme.example");
    }

    /** Registers a partner and a website system of it that browsers may call from this origin. */
    protected TestSystem aSystem(String allowedOrigin) {
        String partnerId = createPartner();
        JsonNode system = createSystem(partnerId, allowedOrigin);
        return new TestSystem(partnerId, system.get("id").asString(), system.get("apiKey").asString());
    }

    /** Registers a website system of the partner and returns the answer, API key included. */
    protected JsonNode createSystem(String partnerId) {
        return createSystem(partnerId, "https://shop.acme.example");
    }

    private JsonNode createSystem(String partnerId, String allowedOrigin) {
        MvcTestResult result = postAsAdmin("/api/partners/" + partnerId + "/systems",
                "{\"name\":\"Web shop\",\"type\":\"WEBSITE\",\"allowedOrigins\":[\"" + allowedOrigin + "\"]}");
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return body(result);
    }
}
