package com.volcanion.tracking.api;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Over a real socket, as a client would: health, OpenAPI and one management round trip. */
@ApiIT
class EndToEndIT extends ApiTestSupport {


    @Test
    void reportsHealthWithLivenessAndReadiness() throws Exception {
        assertThat(get("/actuator/health").body()).contains("\"status\":\"UP\"");
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
    }

    @Test
    void describesItselfAsOpenApiWithAUi() throws Exception {
        var docs = get("/v3/api-docs");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/partners").contains("/api/systems/{systemId}/api-key/rotate")
                .contains("/api/partners/{partnerId}/event-structures/{eventName}");
        assertThat(get("/swagger-ui/index.html").statusCode()).isEqualTo(200);
    }

    /** The description's own claims; every exchange of the API tests is checked against it too (ApiTestSupport). */
    @Test
    void describesEveryOperationTruthfullyWithValidExamples() throws Exception {
        String description = get("/v3/api-docs").body();
        JsonNode paths = json.readTree(description).get("paths");

        assertThat(new OpenApiContract(description).invalidRequestExamples()).isEmpty();
        assertThat(description).doesNotContain("*/*").doesNotContain("\"JsonNode\"");
        paths.properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode responses = operation.getValue().get("responses");
            String name = operation.getKey() + " " + path.getKey();
            assertThat(responses.propertyNames()).as(name).anyMatch(status -> status.startsWith("2")).contains("400", "503");
            assertThat(operation.getValue().path("parameters").findValuesAsString("in")).as(name + ": credentials are "
                    + "security schemes, not parameters").doesNotContain("header");
        }));
    }

    @Test
    void sendsAPersonWhoOpensTheRootToTheApiUi() throws Exception {
        var root = get("/");

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(location ->
                assertThat(location).endsWith("/swagger-ui.html"));
    }

    @Test
    void registersAPartnerAndReadsItBack() throws Exception {
        var created = send(HttpRequest.newBuilder(uri("/api/partners"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"E2E\",\"email\":\"" + uniqueEmail() + "\"}")));

        assertThat(created.statusCode()).isEqualTo(201);
        String location = created.headers().firstValue("Location").orElseThrow();
        var read = send(HttpRequest.newBuilder(URI.create(location)).header("Authorization", "Bearer " + ADMIN_TOKEN));
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).contains("\"name\":\"E2E\"");
    }

    @Test
    void answersAQueryThatIsNotPercentEncodingWith400() throws Exception {
        try (var socket = new java.net.Socket("localhost", port)) {
            socket.getOutputStream().write(("GET /api/partners?page=%ZZ HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + ADMIN_TOKEN + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(answer).startsWith("HTTP/1.1 400").contains("application/problem+json");
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)));
    }
}
