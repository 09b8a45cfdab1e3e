package com.volcanion.tracking.api;

import com.volcanion.tracking.api.OpenApiContract.Exchange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The checker finds what it must: an undeclared status, content type or field, and a request it would refuse. */
class OpenApiContractTest {

    private static final String DESCRIPTION = """
            {"openapi":"3.1.0","paths":{"/api/things/{id}":{"put":{
              "requestBody":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
              "responses":{"200":{"content":{"application/json":{"schema":{"$ref":"#/components/schemas/Thing"}}}},
                           "400":{"content":{"application/problem+json":{"schema":{"type":"object"}}}}}}}},
             "components":{"schemas":{"Thing":{"type":"object","properties":{"name":{"type":"string","example":"a"},
               "size":{"type":["integer","null"]}},"required":["name"]}}}}
            """;

    private final OpenApiContract contract = new OpenApiContract(DESCRIPTION);

    @Test
    void acceptsWhatTheDescriptionDeclares() {
        assertThat(contract.check(exchange(200, "application/json", "{\"name\":\"a\",\"size\":null}"))).isEmpty();
        assertThat(contract.check(exchange(400, "application/problem+json", "{\"status\":400}"))).isEmpty();
        assertThat(contract.check(new Exchange("GET", "/actuator/health", null, null, 200, "application/json", "{}")))
                .as("not an operation of the description").isEmpty();
        assertThat(contract.invalidRequestExamples()).isEmpty();
    }

    @Test
    void findsAnUndeclaredStatusContentTypeOrField() {
        assertThat(contract.check(exchange(201, "application/json", "{\"name\":\"a\"}")))
                .singleElement().asString().contains("status not declared");
        assertThat(contract.check(exchange(200, "text/plain", "a")))
                .singleElement().asString().contains("content type text/plain not declared");
        assertThat(contract.check(exchange(200, "application/json", "{\"name\":\"a\",\"secret\":1}")))
                .singleElement().asString().contains("secret");
        assertThat(contract.check(exchange(200, "application/json", "{\"size\":\"big\"}"))).hasSize(2);
    }

    @Test
    void findsARequestTheServiceTookButTheDescriptionRefuses() {
        Exchange took = new Exchange("PUT", "/api/things/7", "application/json", "{\"size\":3}", 200,
                "application/json", "{\"name\":\"a\"}");

        assertThat(contract.check(took)).singleElement().asString().contains("took a request body");
    }

    private static Exchange exchange(int status, String contentType, String body) {
        return new Exchange("PUT", "/api/things/7", "application/json", "{\"name\":\"a\"}", status, contentType, body);
    }
}
