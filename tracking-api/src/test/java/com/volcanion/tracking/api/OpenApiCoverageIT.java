package com.volcanion.tracking.api;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs after every other API test of its JVM (junit-platform.properties orders classes by {@link Order}): each
 * operation the served description declares was answered with a 2xx by some test, and that exchange was checked
 * against the description ({@link OpenApiContractConfiguration}), so the check covers every endpoint's real
 * answers, not only the ones some test happened to make. Run alone it names every operation as not exercised.
 */
@ApiIT
@Order(Integer.MAX_VALUE)
class OpenApiCoverageIT extends ApiTestSupport {

    @Test
    void everyOperationWasAnsweredWithASuccessThatTheContractChecked() {
        String description = send(java.net.http.HttpRequest.newBuilder(uri("/v3/api-docs"))).body();
        List<String> operations = new OpenApiContract(description).operations();

        assertThat(operations).hasSizeGreaterThan(15);
        assertThat(OpenApiContract.succeededOperations()).as("operations exercised with a 2xx by the API tests")
                .containsAll(operations);
    }
}
