package com.volcanion.tracking.api.error;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

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
        assertProblem(mvc.get().uri("/api/nothing-here").exchange(), HttpStatus.NOT_FOUND);
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

    private void assertProblem(MvcTestResult result, HttpStatus status) {
        assertThat(result).hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        var problem = body(result);
        assertThat(problem.get("status").asInt()).isEqualTo(status.value());
        assertThat(problem.get("type").asString()).isNotBlank();
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("instance").asString()).startsWith("/");
        assertThat(problem.get("correlationId").asString()).isNotBlank();
        assertThat(text(result)).doesNotContain("Exception").doesNotContain("at com.");
    }
}
