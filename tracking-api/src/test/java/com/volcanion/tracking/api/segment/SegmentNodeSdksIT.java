package com.volcanion.tracking.api.segment;

import com.volcanion.tracking.api.ApiIT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Segment's {@code @segment/analytics-node} and RudderStack's {@code @rudderstack/rudder-sdk-node} (gzip by default),
 * unmodified from npm, configured as docs/sdks.md says and driven by {@code src/test/sdks/node-sdks.mjs} against the
 * real port; their events read back through the query API and the users endpoint.
 */
@ApiIT
class SegmentNodeSdksIT extends SdkTestSupport {

    private static final long CLOCK_SKEW_MILLIS = Duration.ofHours(1).toMillis();

    @BeforeAll
    static void sdksInstalled() {
        nodeSdksInstalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-node", "rudder-sdk-node"})
    void eventsOfADeviceWhoseClockIsAnHourAheadArriveAsSentAndAreReadBack(String sdk) {
        TestSystem system = aSystem();
        Instant sent = Instant.now();
        // the track happened 10 minutes before the device's "now", which is an hour ahead: each SDK's own time field
        String clientTime = sdk.equals("analytics-node") ? "timestamp" : "originalTimestamp";
        String tenMinutesAgoOnTheDevice = sent.plusMillis(CLOCK_SKEW_MILLIS).minus(Duration.ofMinutes(10)).toString();
        List<Map<String, Object>> calls = List.of(
                Map.of("type", "identify", "userId", sdk + "-user", "anonymousId", sdk + "-anon",
                        "traits", Map.of("plan", "pro", "seats", 3), "messageId", sdk + "-identify"),
                Map.of("type", "track", "userId", sdk + "-user", "event", "Order Completed",
                        "properties", Map.of("total", 12.5, "currency", "EUR"),
                        "context", Map.of("campaign", Map.of("name", "winter")), "messageId", sdk + "-track",
                        clientTime, tenMinutesAgoOnTheDevice),
                Map.of("type", "page", "anonymousId", sdk + "-anon", "name", "Pricing", "category", "Docs",
                        "properties", Map.of("path", "/pricing"), "messageId", sdk + "-page"));

        Run first = printed(sdk, startSdk(sdk, system, calls));
        Run resent = printed(sdk, startSdk(sdk, system, calls.subList(1, 2)));   // a client sending the same call again

        assertThat(first.exitCode()).as(first.output()).isZero();
        assertThat(resent.exitCode()).as(resent.output()).isZero();
        assertThat(storedMessageIds(system)).containsExactly(sdk + "-identify", sdk + "-page", sdk + "-track");
        JsonNode items = readBack(system);
        JsonNode track = find(items, sdk + "-track");
        assertThat(track.get("type").asString()).isEqualTo("TRACK");
        assertThat(track.get("eventName").asString()).isEqualTo("Order Completed");
        assertThat(track.get("userId").asString()).isEqualTo(sdk + "-user");
        assertThat(track.get("properties").get("total").asDouble()).isEqualTo(12.5);
        assertThat(track.get("properties").get("currency").asString()).isEqualTo("EUR");
        assertThat(track.get("context").get("campaign").get("name").asString()).isEqualTo("winter");
        assertThat(track.get("context").get("library").get("name").asString())
                .isEqualTo(sdk.equals("analytics-node") ? "@segment/analytics-node" : "analytics-node");
        // the device's clock is an hour ahead, its sentAt too: the service moved the track's time back by the skew
        assertThat(Duration.between(sent.minus(Duration.ofMinutes(10)),
                Instant.parse(track.get("eventTimestamp").asString())).toMillis()).isCloseTo(0, within(10_000L));
        JsonNode page = find(items, sdk + "-page");
        assertThat(page.get("type").asString()).isEqualTo("PAGE");
        assertThat(page.get("eventName").asString()).isEqualTo("$page");
        assertThat(page.get("anonymousId").asString()).isEqualTo(sdk + "-anon");
        assertThat(page.get("properties").get("name").asString()).isEqualTo("Pricing");
        assertThat(page.get("properties").get("category").asString()).isEqualTo("Docs");
        assertThat(page.get("properties").get("path").asString()).isEqualTo("/pricing");
        assertThat(Duration.between(sent, Instant.parse(page.get("eventTimestamp").asString())).toMillis())
                .isCloseTo(0, within(10_000L));   // timed by the SDK itself, an hour ahead, and corrected
        JsonNode identify = find(items, sdk + "-identify");
        assertThat(identify.get("eventName").asString()).isEqualTo("$identify");
        assertThat(identify.get("properties").get("plan").asString()).isEqualTo("pro");
        JsonNode user = body(getAsAdmin("/api/partners/{partner}/users/{user}", system.partnerId(), sdk + "-user"));
        assertThat(user.get("traits").get("plan").asString()).isEqualTo("pro");
        assertThat(user.get("traits").get("seats").asInt()).isEqualTo(3);
        assertThat(user.get("anonymousIds").get(0).asString()).isEqualTo(sdk + "-anon");
    }

    @ParameterizedTest
    @ValueSource(strings = {"analytics-node", "rudder-sdk-node"})
    void retriesA503AndA429AndNothingIsStoredTwice(String sdk) {
        TestSystem system = aSystem();
        long refusedBefore = answered("/v1/batch", 503);

        Run afterA503 = printed(sdk + " meeting a 503", whileTheFirstUploadMeetsA503("/v1/batch",
                () -> startSdk(sdk, system, List.of(track(sdk + "-503-1"), track(sdk + "-503-2")))));
        long limitedBefore = answered("/v1/batch", 429);
        Run afterA429 = printed(sdk + " meeting a 429", whileTheFirstUploadMeetsA429(system, "/v1/batch",
                () -> startSdk(sdk, system, List.of(track(sdk + "-429-1"), track(sdk + "-429-2")))));

        assertThat(afterA503.exitCode()).as(afterA503.output()).isZero();
        assertThat(afterA429.exitCode()).as(afterA429.output()).isZero();
        assertThat(answered("/v1/batch", 503)).isGreaterThan(refusedBefore);
        assertThat(answered("/v1/batch", 429)).isGreaterThan(limitedBefore);
        assertThat(storedMessageIds(system))
                .containsExactly(sdk + "-429-1", sdk + "-429-2", sdk + "-503-1", sdk + "-503-2");
    }

    private static Map<String, Object> track(String messageId) {
        return Map.of("type", "track", "userId", "retrying-user", "event", "Retried", "messageId", messageId);
    }

    private CompletableFuture<Run> startSdk(String sdk, TestSystem system, List<Map<String, Object>> calls) {
        String plan = json.writeValueAsString(Map.of("sdk", sdk, "url", "http://localhost:" + port,
                "writeKey", system.apiKey(), "clockSkewMillis", CLOCK_SKEW_MILLIS, "calls", calls));
        return start(List.of("node", "node-sdks.mjs"), plan, Duration.ofSeconds(90));
    }
}
