package com.volcanion.tracking.api.segment;

import com.volcanion.tracking.api.ApiIT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Segment's analytics.js ({@code @segment/analytics-next}, unmodified from npm) in headless Chromium (Debian's
 * {@code chromium}, driven by {@code playwright-core}), on a page {@code src/test/sdks/browser-sdk.mjs} serves from
 * another origin, loading its settings from the service as docs/sdks.md says; every call read back through the
 * query API. {@code -Dtracking.chromium=PATH} names another Chromium.
 */
@ApiIT
class SegmentBrowserSdkIT extends SdkTestSupport {

    private static final Path CHROMIUM = Path.of(System.getProperty("tracking.chromium", "/usr/bin/chromium"));
    private static final Duration CLOCK_SKEW = Duration.ofHours(1);

    private int pagePort;
    private TestSystem site;

    @BeforeAll
    static void browserInstalled() {
        assumeInstalled("chromium (" + CHROMIUM + ")", Files.isExecutable(CHROMIUM));
        nodeSdksInstalled();
    }

    @BeforeEach
    void aSiteOnItsOwnOrigin() throws IOException {
        try (ServerSocket free = new ServerSocket(0)) {
            pagePort = free.getLocalPort();
        }
        site = aSystem("http://127.0.0.1:" + pagePort);
    }

    @Test
    void trackPageAndIdentifyFromABrowserWhoseClockIsAnHourAheadArriveAsSent() {
        Instant sent = Instant.now();
        // the track happened 10 minutes before the browser's "now", which is an hour ahead
        String tenMinutesAgoInTheBrowser = sent.plus(CLOCK_SKEW).minus(Duration.ofMinutes(10)).toString();
        Run run = printed("analytics.js", startBrowser(List.of(
                List.of("identify", "browser-user", Map.of("plan", "pro", "seats", 3)),
                List.of("track", "Order Completed", Map.of("total", 12.5, "currency", "EUR"),
                        Map.of("timestamp", tenMinutesAgoInTheBrowser)),
                List.of("page", "Docs", "Pricing", Map.of("section", "plans")))));

        assertThat(run.exitCode()).as(run.output()).isZero();
        Map<String, String> typeOf = deliveredCalls(run);
        assertThat(typeOf.values()).containsExactlyInAnyOrder("/v1/i", "/v1/t", "/v1/p");
        assertThat(storedMessageIds(site)).containsExactlyInAnyOrderElementsOf(typeOf.keySet());
        JsonNode items = readBack(site);
        String anonymousId = anonymousIdOf(run);
        for (JsonNode item : items) {
            assertThat(item.get("anonymousId").asString()).isEqualTo(anonymousId);
            assertThat(item.get("context").get("library").get("name").asString()).isEqualTo("analytics.js");
            assertThat(item.get("context").get("page").get("url").asString())
                    .isEqualTo("http://127.0.0.1:" + pagePort + "/");
        }
        JsonNode track = itemOfPath(items, typeOf, "/v1/t");
        // the browser's clock is an hour ahead, its sentAt too: the service moved each call's time back by the skew
        assertThat(Duration.between(sent.minus(Duration.ofMinutes(10)),
                Instant.parse(track.get("eventTimestamp").asString())).toMillis()).isCloseTo(0, within(15_000L));
        assertThat(Duration.between(sent, Instant.parse(itemOfPath(items, typeOf, "/v1/p").get("eventTimestamp")
                .asString())).toMillis()).isCloseTo(0, within(15_000L));
        assertThat(track.get("type").asString()).isEqualTo("TRACK");
        assertThat(track.get("eventName").asString()).isEqualTo("Order Completed");
        assertThat(track.get("userId").asString()).isEqualTo("browser-user");
        assertThat(track.get("properties").get("total").asDouble()).isEqualTo(12.5);
        JsonNode page = itemOfPath(items, typeOf, "/v1/p");
        assertThat(page.get("type").asString()).isEqualTo("PAGE");
        assertThat(page.get("eventName").asString()).isEqualTo("$page");
        assertThat(page.get("properties").get("name").asString()).isEqualTo("Pricing");
        assertThat(page.get("properties").get("category").asString()).isEqualTo("Docs");
        assertThat(page.get("properties").get("section").asString()).isEqualTo("plans");
        JsonNode user = body(getAsAdmin("/api/partners/{partner}/users/{user}", site.partnerId(), "browser-user"));
        assertThat(user.get("traits").get("plan").asString()).isEqualTo("pro");
        assertThat(user.get("traits").get("seats").asInt()).isEqualTo(3);
        assertThat(user.get("anonymousIds").get(0).asString()).isEqualTo(anonymousId);
    }

    @Test
    void retriesA503AndA429AndNothingIsStoredTwice() {
        long refusedBefore = answered("/v1/t", 503);
        Run afterA503 = printed("analytics.js meeting a 503", whileTheFirstUploadMeetsA503("/v1/t",
                () -> startBrowser(List.of(List.of("track", "Retried", Map.of("n", 1)),
                        List.of("track", "Retried", Map.of("n", 2))))));
        long limitedBefore = answered("/v1/t", 429);
        Run afterA429 = printed("analytics.js meeting a 429", whileTheFirstUploadMeetsA429(site, "/v1/t",
                () -> startBrowser(List.of(List.of("track", "Retried", Map.of("n", 3)),
                        List.of("track", "Retried", Map.of("n", 4))))));

        assertThat(afterA503.exitCode()).as(afterA503.output()).isZero();
        assertThat(afterA429.exitCode()).as(afterA429.output()).isZero();
        assertThat(answered("/v1/t", 503)).isGreaterThan(refusedBefore);
        assertThat(answered("/v1/t", 429)).isGreaterThan(limitedBefore);
        assertThat(afterA503.output()).contains("\"status\":503");
        assertThat(afterA429.output()).contains("\"status\":429");
        List<String> delivered = new java.util.ArrayList<>(deliveredCalls(afterA503).keySet());
        delivered.addAll(deliveredCalls(afterA429).keySet());
        assertThat(delivered).hasSize(4);
        assertThat(storedMessageIds(site)).containsExactlyInAnyOrderElementsOf(delivered);
        assertThat(readBack(site, "Retried")).extracting(item -> item.get("properties").get("n").asInt())
                .containsExactlyInAnyOrder(1, 2, 3, 4);
    }

    /** The messageId of each call the service answered 2xx, with the path it was posted to. */
    private Map<String, String> deliveredCalls(Run run) {
        Map<String, String> delivered = new java.util.HashMap<>();
        run.output().lines().filter(line -> line.startsWith("{\"status\"")).map(json::readTree)
                .filter(answer -> answer.get("status").asInt() < 300)
                .forEach(answer -> assertThat(delivered.put(answer.get("messageId").asString(),
                        answer.get("path").asString())).as("delivered once: " + answer).isNull());
        return delivered;
    }

    private String anonymousIdOf(Run run) {
        return run.output().lines().filter(line -> line.startsWith("{\"anonymousId\"")).map(json::readTree)
                .findFirst().orElseThrow().get("anonymousId").asString();
    }

    private static JsonNode itemOfPath(JsonNode items, Map<String, String> pathOf, String path) {
        return pathOf.entrySet().stream().filter(call -> call.getValue().equals(path)).findFirst()
                .map(call -> find(items, call.getKey())).orElseThrow();
    }

    private CompletableFuture<Run> startBrowser(List<List<Object>> calls) {
        String plan = json.writeValueAsString(Map.of("url", "http://localhost:" + port, "writeKey", site.apiKey(),
                "pagePort", pagePort, "clockSkewMillis", CLOCK_SKEW.toMillis(),
                "chromium", CHROMIUM.toString(), "calls", calls));
        return start(List.of("node", "browser-sdk.mjs"), plan, Duration.ofSeconds(90));
    }
}
