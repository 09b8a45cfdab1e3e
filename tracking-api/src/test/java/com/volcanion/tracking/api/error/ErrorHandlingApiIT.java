package com.volcanion.tracking.api.error;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The problem+json contract of docs/api.md, across the failures a client can cause. */
@ApiIT
class ErrorHandlingApiIT extends ApiTestSupport {

    @Test
    void answersMalformedJsonWith400() {
        assertProblem(postAsAdmin("/api/partners", "{\"name\":"), HttpStatus.BAD_REQUEST);
    }

    @Test
    void answersAWrongTypeWith400NamingTheField() {
        String partnerId = createPartner();

        var result = patchAsAdmin("/api/partners/" + partnerId, "{\"active\":\"yes\"}");

        assertProblem(result, HttpStatus.BAD_REQUEST);
        assertThat(body(result).get("errors").get(0).get("field").asString()).isEqualTo("active");
    }

    @Test
    void answersAMalformedUuidInThePathWith400() {
        var result = getAsAdmin("/api/partners/not-a-uuid");

        assertProblem(result, HttpStatus.BAD_REQUEST);
        assertThat(body(result).get("errors").get(0).get("field").asString()).isEqualTo("partnerId");
    }

    @Test
    void answersAWrongContentTypeWith415() {
        var result = mvc.post().uri("/api/partners").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.TEXT_PLAIN).content("name=Acme").exchange();

        assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void answersAWildcardOrMeaninglessContentTypeWith415() {
        for (String contentType : new String[]{"application/*", "*/*", "garbage"}) {
            var result = mvc.post().uri("/api/partners").header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Content-Type", contentType).content("{\"name\":\"Acme\"}").exchange();

            assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
        }
    }

    @Test
    void answersAMalformedFormOnPatchWith415() {
        String partnerId = createPartner();

        var result = mvc.patch().uri("/api/partners/" + partnerId).header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).content("a=%ZZ&%%%").exchange();

        assertProblem(result, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
    }

    @Test
    void refusesControlCharactersInNamesWith400() {
        String partnerId = createPartner();

        assertProblem(patchAsAdmin("/api/partners/" + partnerId, "{\"name\":\"Ac\\u0000me\"}"), HttpStatus.BAD_REQUEST);
        assertProblem(postAsAdmin("/api/partners/" + partnerId + "/systems",
                "{\"name\":\"Web\\nshop\",\"type\":\"WEBSITE\"}"), HttpStatus.BAD_REQUEST);
        assertProblem(putAsAdmin("/api/partners/" + partnerId + "/event-structures/Nul",
                "{\"schema\":{\"type\":\"object\",\"title\":\"\\u0000\"}}"), HttpStatus.BAD_REQUEST);
        assertProblem(putAsAdmin("/api/partners/" + partnerId + "/event-structures/Nul",
                "{\"schema\":{\"type\":\"object\"},\"description\":\"\\u0000\"}"), HttpStatus.BAD_REQUEST);
    }

    @Test
    void answersAnUnsupportedMethodWith405() {
        var result = mvc.delete().uri("/api/partners").header("Authorization", "Bearer " + ADMIN_TOKEN).exchange();

        assertProblem(result, HttpStatus.METHOD_NOT_ALLOWED);
    }

    @Test
    void answersAnUnknownPathWith404() {
        assertProblem(getAsAdmin("/api/nothing-here"), HttpStatus.NOT_FOUND);
        assertProblem(mvc.get().uri("/nothing-here").exchange(), HttpStatus.NOT_FOUND);
        // under /api everything needs a credential first (default-deny), so a path that exists is not told apart
        assertProblem(mvc.get().uri("/api/nothing-here").exchange(), HttpStatus.UNAUTHORIZED);
    }

    @Test
    void refusesMissingAndWrongAdminTokensIdentically() {
        var missing = mvc.get().uri("/api/partners").exchange();
        var wrong = mvc.get().uri("/api/partners").header("Authorization", "Bearer wrong").exchange();
        var basic = mvc.get().uri("/api/partners").header("Authorization", "Basic dXNlcjpwYXNz").exchange();

        assertProblem(missing, HttpStatus.UNAUTHORIZED);
        assertProblem(wrong, HttpStatus.UNAUTHORIZED);
        assertProblem(basic, HttpStatus.UNAUTHORIZED);
        assertThat(body(missing).get("detail")).isEqualTo(body(wrong).get("detail"));
    }

    @Test
    void refusesASystemsApiKeyOnTheManagementApi() {
        String apiKey = createSystem(createPartner()).get("apiKey").asString();

        assertProblem(mvc.get().uri("/api/partners").header("Authorization", "Bearer " + apiKey).exchange(),
                HttpStatus.UNAUTHORIZED);
        assertProblem(mvc.get().uri("/api/partners").header("X-Api-Key", apiKey).exchange(), HttpStatus.UNAUTHORIZED);
    }

    /**
     * The web layer's exceptions carry their problem, status and headers (ErrorResponseException): what reaches the
     * client is that problem, not one made up from the status.
     */
    @Test
    void everyProblemOfTheWebLayerCarriesItsOwnTypeDetailErrorsAndHeaders() {
        TestSystem system = aSystem();

        var invalid = postWithKey("/api/events/batch", system.apiKey(), "{\"events\":5}");
        assertProblem(invalid, HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(body(invalid).get("detail").asString()).isEqualTo("A batch is an object with an events array");
        assertThat(body(invalid).get("errors")).isNotEmpty();

        var notAnEvent = postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":5}");
        assertProblem(notAnEvent, HttpStatus.BAD_REQUEST, "invalid-request");
        assertThat(body(notAnEvent).get("errors").get(0).get("field").asString()).isEqualTo("eventName");

        var tooLarge = postWithKey("/api/events/ingest", system.apiKey(),
                "{\"eventName\":\"A\",\"properties\":{\"s\":\"" + "x".repeat(70_000) + "\"}}");
        assertProblem(tooLarge, HttpStatus.CONTENT_TOO_LARGE, "content-too-large");

        var otherOrigin = mvc.post().uri("/api/events/ingest").header("X-Api-Key", system.apiKey())
                .header("Origin", "https://elsewhere.example").contentType(MediaType.APPLICATION_JSON)
                .content("{\"eventName\":\"A\"}").exchange();
        assertProblem(otherOrigin, HttpStatus.FORBIDDEN, "forbidden");
        assertThat(body(otherOrigin).get("detail").asString()).contains("https://elsewhere.example");

        var noToken = mvc.get().uri("/api/partners").exchange();
        assertProblem(noToken, HttpStatus.UNAUTHORIZED, "unauthorized");
        assertThat(noToken.getResponse().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(body(noToken).get("detail").asString()).isEqualTo("a valid admin bearer token is required");
    }

    @Test
    void echoesAWellFormedCorrelationIdAndReplacesAnyOther() {
        var given = mvc.get().uri("/api/partners").header("X-Correlation-Id", "checkout-42.a:b").exchange();
        var tooLong = mvc.get().uri("/api/partners").header("X-Correlation-Id", "x".repeat(129)).exchange();
        var badChars = mvc.get().uri("/api/partners").header("X-Correlation-Id", "a b<script>").exchange();

        assertThat(given.getResponse().getHeader("X-Correlation-Id")).isEqualTo("checkout-42.a:b");
        assertThat(body(given).get("correlationId").asString()).isEqualTo("checkout-42.a:b");
        assertThat(tooLong.getResponse().getHeader("X-Correlation-Id")).hasSize(36);
        assertThat(badChars.getResponse().getHeader("X-Correlation-Id")).hasSize(36)
                .isEqualTo(body(badChars).get("correlationId").asString());
    }

    /**
     * The Spring MVC problems this test meets and the slug of each; the service's own problems name theirs (see
     * {@link #everyProblemOfTheWebLayerCarriesItsOwnTypeDetailErrorsAndHeaders}).
     */
    private static final Map<HttpStatus, String> SLUGS = Map.of(HttpStatus.BAD_REQUEST, "invalid-request",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", HttpStatus.METHOD_NOT_ALLOWED,
            "method-not-allowed", HttpStatus.NOT_FOUND, "not-found", HttpStatus.UNAUTHORIZED, "unauthorized");

    private void assertProblem(MvcTestResult result, HttpStatus status) {
        assertProblem(result, status, SLUGS.get(status));
    }

    private void assertProblem(MvcTestResult result, HttpStatus status, String slug) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        var problem = body(result);
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.get("type").asString()).isEqualTo("urn:volcanion-tracking:problem:" + slug);
        assertThat(problem.get("detail").asString()).as("a sentence, not an exception's toString")
                .isNotBlank().doesNotContain("ProblemDetail[").doesNotContain("headers=");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).startsWith("/");
        assertThat(problem.get("correlationId").asString()).isNotBlank();
        assertThat(text(result)).doesNotContain("Exception").doesNotContain("at com.");
    }
}
