package com.volcanion.tracking.api;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Shortcuts for API tests: authenticated requests and the fixtures most tests start from. */
public abstract class ApiTestSupport {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    /** The statistics cache's staleness bound in the tests' context (10 s by default): short, so tests can wait it out. */
    public static final int STATISTICS_MAX_STALENESS_SECONDS = 2;

    @Autowired
    protected MockMvcTester mvc;

    @Autowired
    protected JsonMapper json;

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

    /** Registers a website system of a new partner and returns the answer, API key included. */
    protected JsonNode createSystem(String partnerId) {
        MvcTestResult result = postAsAdmin("/api/partners/" + partnerId + "/systems",
                "{\"name\":\"Web shop\",\"type\":\"WEBSITE\",\"allowedOrigins\":[\"https://shop.acme.example\"]}");
        assertThat(result).hasStatus(HttpStatus.CREATED);
        return body(result);
    }
}
