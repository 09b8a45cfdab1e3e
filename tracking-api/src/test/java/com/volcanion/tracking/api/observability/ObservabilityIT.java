package com.volcanion.tracking.api.observability;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static com.volcanion.tracking.api.EventJson.anEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Traces, metrics and logs as an operator meets them, over a real socket. */
@ApiIT
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityIT extends ApiTestSupport {

    private static final AttributeKey<String> CORRELATION_ID = AttributeKey.stringKey("correlation.id");
    private static final AttributeKey<String> CORRELATION_IDS = AttributeKey.stringKey("correlation.ids");
    /** What Prometheus sends when it scrapes (2.42 and later): OpenMetrics first. */
    static final String OPENMETRICS = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;"
            + "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    @Autowired
    InMemorySpanExporter spans;
    @Autowired
    TrackingEventProjector projector;
    @Autowired
    LoggingSystem loggingSystem;
    @Autowired
    MeterRegistry meters;

    private TestSystem system;

    @BeforeEach
    void givenASystem() {
        system = aSystem();
        spans.reset();
    }

    /** Redis commands have no span of their own unless asked for (they would cost the hot path more than the commands). */
    @Test
    void tracesAnIngestionFromItsRequestToTheGroupCommitWithItsCorrelationId() throws Exception {
        String correlationId = "trace-" + UUID.randomUUID();

        var answer = ingest(system.apiKey(), correlationId, "{\"eventName\":\"Traced\"}");

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.headers().firstValue("X-Correlation-Id")).hasValue(correlationId);
        SpanData request = awaitSpan(span -> correlationId.equals(span.getAttributes().get(CORRELATION_ID)));
        assertThat(request.getName()).contains("/api/events/ingest");
        SpanData commit = awaitSpan(span -> span.getName().equals("ingest group commit")
                && String.valueOf(span.getAttributes().get(CORRELATION_IDS)).contains(correlationId));
        assertThat(commit.getAttributes().get(AttributeKey.stringKey("events"))).isNotBlank();
        assertThat(spans.getFinishedSpanItems()).filteredOn(span -> span.getTraceId().equals(request.getTraceId()))
                .noneMatch(span -> span.getKind() == SpanKind.CLIENT);
    }

    /**
     * Sampling follows the caller: a request whose traceparent says "not sampled" leaves no span, although the tests
     * sample every trace that starts here ({@link ApiIT}); the shipped ratio for those is one in ten.
     */
    @Test
    void followsTheSamplingDecisionOfTheCallersTraceparent() throws Exception {
        String unsampledTrace = "4bf92f3577b34da6a3ce929d0e0e4736";
        String sampledTrace = "0af7651916cd43dd8448eb211c80319c";

        assertThat(send(HttpRequest.newBuilder(uri("/api/events/ingest")).header("X-Api-Key", system.apiKey())
                .header("Content-Type", "application/json").header("traceparent", "00-" + unsampledTrace + "-00f067aa0ba902b7-00")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventName\":\"Unsampled\"}"))).statusCode()).isEqualTo(202);
        assertThat(send(HttpRequest.newBuilder(uri("/api/events/ingest")).header("X-Api-Key", system.apiKey())
                .header("Content-Type", "application/json").header("traceparent", "00-" + sampledTrace + "-00f067aa0ba902b7-01")
                .POST(HttpRequest.BodyPublishers.ofString("{\"eventName\":\"Sampled\"}"))).statusCode()).isEqualTo(202);

        awaitSpan(span -> span.getTraceId().equals(sampledTrace));
        assertThat(spans.getFinishedSpanItems()).noneMatch(span -> span.getTraceId().equals(unsampledTrace));
    }

    /**
     * The tests' projector does not run on its own ({@code tracking.projector.enabled=false}, see {@link ApiIT}), and
     * the exporter is emptied before each test: the one run span is this run's, and it counts what this run projected.
     */
    @Test
    void tracesEachProjectorRunWithTheEventsItProjected() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(ingest(system.apiKey(), null, anEvent("Projected").json()).statusCode()).isEqualTo(202);
        }
        long projected = projector.projectAvailable();

        assertThat(projected).isGreaterThanOrEqualTo(3);
        SpanData run = awaitSpan(span -> span.getName().equals("projector run"));
        assertThat(run.getAttributes().get(AttributeKey.stringKey("events"))).isEqualTo(String.valueOf(projected));
        assertThat(spans.getFinishedSpanItems()).filteredOn(span -> span.getName().equals("projector run")).hasSize(1);
    }

    @Test
    void problemAnswersCarryTheCorrelationIdOfTheirRequest() throws Exception {
        String correlationId = "problem-" + UUID.randomUUID();

        var answer = ingest(system.apiKey(), correlationId, "{\"eventName\":");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(answer.body()).get("correlationId").asString()).isEqualTo(correlationId);
    }

    @Test
    void exposesIngestionMetricsWithBoundedTagsOnly() throws Exception {
        String eventName = "Unbounded " + UUID.randomUUID();
        String userId = "user-" + UUID.randomUUID();
        assertThat(ingest(system.apiKey(), null, "{\"eventName\":\"" + eventName + "\",\"userId\":\"" + userId + "\"}")
                .statusCode()).isEqualTo(202);

        String scrape = get("/actuator/prometheus").body();

        assertThat(scrape).contains("tracking_events_ingested_total{", "result=\"accepted\"", "system_type=\"WEBSITE\"")
                .contains("tracking_ingest_batch_size_events_bucket", "tracking_ingest_group_commit_events_bucket",
                        "tracking_ingest_group_commit_seconds_bucket", "tracking_cache_requests_total",
                        "tracking_auth_failures_total", "tracking_projection_lag_seconds",
                        "http_server_requests_seconds_bucket", "hikaricp_connections_active", "jvm_memory_used_bytes",
                        // the dashboard's v2 panels (a name ending in _created, say, would lose that suffix)
                        "tracking_ingest_store_unavailable_total{", "tracking_circuit_breaker_failures_total{",
                        "tracking_jobs_total{", "tracking_jobs_open{", "tracking_jobs_oldest_open_age_seconds{",
                        "tracking_partitions_added_total{", "tracking_partitions_dropped_total{",
                        "tracking_partitions_covered_until_seconds{", "tracking_read_queries_total{");
        assertThat(scrape).doesNotContain(eventName).doesNotContain(userId).doesNotContain(system.apiKey())
                .doesNotContain(system.partnerId());
    }

    /** Segment's API and the native one are told apart, whichever path or batch of either the events came by. */
    @Test
    void countsEventsByTheApiTheyCameThrough() {
        double nativeBefore = accepted("native");
        double segmentBefore = accepted("segment");

        assertThat(postOverSocket("/api/events/batch", system.apiKey(),
                "{\"events\":[{\"eventName\":\"A\"},{\"eventName\":\"B\"}]}".getBytes(StandardCharsets.UTF_8))
                .statusCode()).isEqualTo(200);
        assertThat(postOverSocket("/v1/track", system.apiKey(), "{\"event\":\"C\",\"userId\":\"u\"}"
                .getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);
        assertThat(postOverSocket("/v1/batch", system.apiKey(), ("{\"batch\":[{\"type\":\"track\",\"event\":\"D\","
                + "\"userId\":\"u\"},{\"type\":\"page\",\"name\":\"Home\",\"userId\":\"u\"},"
                + "{\"type\":\"identify\",\"userId\":\"u\"}]}").getBytes(StandardCharsets.UTF_8)).statusCode())
                .isEqualTo(200);

        assertThat(accepted("native") - nativeBefore).isEqualTo(2);
        assertThat(accepted("segment") - segmentBefore).isEqualTo(4);
    }

    private double accepted(String api) {
        return meters.get("tracking.events.ingested").tag("api", api).tag("result", "accepted")
                .tag("system_type", "WEBSITE").counter().count();
    }

    /**
     * Exemplars are on by default, and only where OpenMetrics 1.0 allows them (histogram buckets, counters): an
     * exemplar on a timer's {@code _count}, as Micrometer would write, makes a Prometheus before 2.43 refuse the whole
     * scrape. MetricsWithoutExemplarsIT: off.
     */
    @Test
    void carriesTraceExemplarsOnlyOnBucketsAndCountersInTheOpenMetricsScrape() throws Exception {
        assertThat(ingest(system.apiKey(), null, "{\"eventName\":\"Exemplar\"}").statusCode()).isEqualTo(202);

        HttpResponse<String> scrape = send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                .header("Accept", OPENMETRICS));

        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/openmetrics-text"));
        List<String> withExemplars = scrape.body().lines().filter(line -> line.contains(" # {")).toList();
        assertThat(withExemplars).anyMatch(line -> line.startsWith("http_server_requests_seconds_bucket{")
                && line.contains("/api/events/ingest") && line.matches(".* # \\{.*trace_id=\"[0-9a-f]{32}\".*"));
        assertThat(withExemplars).allMatch(line -> line.split("[{ ]", 2)[0].matches(".*_(bucket|total)"));
    }

    @Test
    void neverWritesAnApiKeyOrTheAdminTokenToTheLogs(CapturedOutput output) throws Exception {
        String correlationId = "secrets-" + UUID.randomUUID();
        String unknownKey = "vt_" + "A".repeat(32) + "ABCDEF";
        String wrongAdminToken = "wrong-admin-token-" + UUID.randomUUID();
        List<String> loggers = List.of("org.springframework.web", "com.volcanion", "org.apache.catalina");
        loggers.forEach(logger -> loggingSystem.setLogLevel(logger, LogLevel.DEBUG));
        try {
            ingest(system.apiKey(), correlationId, "{\"eventName\":\"Logged\"}");
            ingest(unknownKey, correlationId, "{\"eventName\":\"Logged\"}");
            ingest(system.apiKey(), correlationId, "{\"eventName\":");
            String basic = Base64.getEncoder().encodeToString((system.apiKey() + ":").getBytes(StandardCharsets.UTF_8));
            send(HttpRequest.newBuilder(uri("/api/events/ingest")).header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventName\":\"Logged\"}")));
            send(HttpRequest.newBuilder(uri("/api/partners/" + system.partnerId()))
                    .header("Authorization", "Bearer " + wrongAdminToken).header("X-Correlation-Id", correlationId));
            send(HttpRequest.newBuilder(uri("/api/partners/" + system.partnerId()))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).header("X-Correlation-Id", correlationId));
            send(HttpRequest.newBuilder(uri("/api/events/ingest")).header("Authorization", "Bearer " + ADMIN_TOKEN)
                    .header("Content-Type", "application/json").header("X-Correlation-Id", correlationId)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"eventName\":\"Logged\"}")));
            String rotated = body(postAsAdmin("/api/systems/" + createSystem(system.partnerId()).get("id").asString()
                    + "/api-key/rotate", "{}")).get("apiKey").asString();

            assertThat(output.getAll()).as("the requests were logged at DEBUG, with their correlation id")
                    .contains(correlationId)
                    .doesNotContain(system.apiKey()).doesNotContain(basic).doesNotContain(unknownKey).doesNotContain(rotated)
                    .doesNotContain(ADMIN_TOKEN).doesNotContain(wrongAdminToken);
        } finally {
            loggers.forEach(logger -> loggingSystem.setLogLevel(logger, null));
        }
    }

    private SpanData awaitSpan(Predicate<SpanData> wanted) {
        return await().atMost(Duration.ofSeconds(10)).until(
                () -> spans.getFinishedSpanItems().stream().filter(wanted).findFirst(), found -> found.isPresent())
                .orElseThrow();
    }

    private HttpResponse<String> ingest(String key, String correlationId, String body) throws Exception {
        var request = HttpRequest.newBuilder(uri("/api/events/ingest")).header("X-Api-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (correlationId != null) {
            request.header("X-Correlation-Id", correlationId);
        }
        return send(request);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)));
    }

}
