package com.volcanion.tracking.api.observability;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tracking.metrics.exemplars=false}: the OpenMetrics scrape Prometheus asks for carries no exemplar at all,
 * though every request is traced (ObservabilityIT: on, where OpenMetrics 1.0 allows them).
 */
@ApiIT
@TestPropertySource(properties = "tracking.metrics.exemplars=false")
class MetricsWithoutExemplarsIT extends ApiTestSupport {

    @Test
    void leavesExemplarsOutOfTheOpenMetricsScrape() {
        TestSystem system = aSystem();
        for (int i = 0; i < 20; i++) {   // every request sampled (ApiIT): each could have left an exemplar
            assertThat(send(HttpRequest.newBuilder(uri("/api/events/ingest")).header("X-Api-Key", system.apiKey())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventName\":\"No exemplar\"}"))).statusCode())
                    .isEqualTo(202);
        }

        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Accept", ObservabilityIT.OPENMETRICS));

        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text"));
        assertThat(scrape.body()).contains("http_server_requests_seconds_count{", "/api/events/ingest")
                .doesNotContain(" # {").endsWith("# EOF\n");
    }
}
