package com.volcanion.tracking.api.segment;

import com.segment.analytics.Analytics;
import com.segment.analytics.Callback;
import com.segment.analytics.messages.IdentifyMessage;
import com.segment.analytics.messages.Message;
import com.segment.analytics.messages.PageMessage;
import com.segment.analytics.messages.TrackMessage;
import com.volcanion.tracking.api.ApiIT;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Segment's Java SDK (analytics-java 3.5.4, unmodified) pointed at the real port as docs/sdks.md says, read back
 * through the query API; and the same SDK meeting a 503 and a 429 once: it retries and nothing is stored twice.
 */
@ApiIT
class SegmentJavaSdkIT extends SdkTestSupport {

    @Test
    void eventsOfTheJavaSdkArriveAsSentAndAreReadBack() throws InterruptedException {
        TestSystem system = aSystem();
        List<String> failures = new CopyOnWriteArrayList<>();
        Analytics analytics = sdk(system.apiKey(), failures);
        Date tenSecondsAgo = new Date(System.currentTimeMillis() - 10_000);

        analytics.enqueue(IdentifyMessage.builder().userId("java-user").anonymousId("java-anon")
                .traits(Map.of("plan", "pro", "seats", 3)).messageId("java-identify"));
        analytics.enqueue(TrackMessage.builder("Order Completed").userId("java-user")
                .properties(Map.of("total", 12.5, "currency", "EUR")).messageId("java-track").timestamp(tenSecondsAgo));
        analytics.enqueue(PageMessage.builder("Pricing").userId("java-user").messageId("java-page"));
        analytics.enqueue(TrackMessage.builder("Order Completed").userId("java-user").messageId("java-track"));
        analytics.flush();

        await().atMost(Duration.ofSeconds(20)).until(() -> storedMessageIds(system).size() == 3);
        analytics.shutdown();
        assertThat(failures).isEmpty();
        JsonNode items = readBack(system);
        assertThat(items).hasSize(3);
        JsonNode track = find(items, "java-track");
        assertThat(track.get("type").asString()).isEqualTo("TRACK");
        assertThat(track.get("eventName").asString()).isEqualTo("Order Completed");
        assertThat(track.get("properties").get("total").asDouble()).isEqualTo(12.5);
        assertThat(track.get("context").get("library").get("name").asString()).isEqualTo("analytics-java");
        long skewMillis = Math.abs(java.time.Instant.parse(track.get("eventTimestamp").asString()).toEpochMilli()
                - tenSecondsAgo.getTime());
        assertThat(skewMillis).isLessThan(2_000);   // the SDK's sentAt corrects nothing here: same clock
        assertThat(find(items, "java-page").get("eventName").asString()).isEqualTo("$page");
        assertThat(find(items, "java-page").get("properties").get("name").asString()).isEqualTo("Pricing");
        JsonNode user = body(getAsAdmin("/api/partners/{partner}/users/{user}", system.partnerId(), "java-user"));
        assertThat(user.get("traits").get("plan").asString()).isEqualTo("pro");
        assertThat(user.get("anonymousIds").get(0).asString()).isEqualTo("java-anon");
    }

    @Test
    void theJavaSdkRetriesA503AndA429AndNothingIsStoredTwice() {
        TestSystem system = aSystem();
        List<String> failures = new CopyOnWriteArrayList<>();
        Analytics analytics = sdk(system.apiKey(), failures);
        long refusedBefore = answered("/v1/import/", 503);

        whileTheFirstUploadMeetsA503("/v1/import/", () -> {
            analytics.enqueue(track("retried-503-1"));
            analytics.enqueue(track("retried-503-2"));
            analytics.flush();
            return null;
        });
        // the SDK backs off 15 s (its own fixed base) before it tries again
        await().atMost(Duration.ofSeconds(60)).until(() -> storedMessageIds(system).size() == 2);
        long limitedBefore = answered("/v1/import/", 429);
        whileTheFirstUploadMeetsA429(system, "/v1/import/", () -> {
            analytics.enqueue(track("retried-429-1"));
            analytics.enqueue(track("retried-429-2"));
            analytics.flush();
            return null;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> storedMessageIds(system).size() == 4);
        analytics.shutdown();

        assertThat(failures).isEmpty();
        assertThat(answered("/v1/import/", 503)).isGreaterThan(refusedBefore);
        assertThat(answered("/v1/import/", 429)).isGreaterThan(limitedBefore);
        assertThat(storedMessageIds(system))
                .containsExactly("retried-429-1", "retried-429-2", "retried-503-1", "retried-503-2");
    }

    private static TrackMessage.Builder track(String messageId) {
        return TrackMessage.builder("Retried").userId("java-user").messageId(messageId);
    }

    /** The SDK as docs/sdks.md configures it: the service's address as its endpoint, the system's key as writeKey. */
    private Analytics sdk(String writeKey, List<String> failures) {
        return Analytics.builder(writeKey)
                .endpoint("http://localhost:" + port)
                .flushInterval(1, TimeUnit.SECONDS)   // the SDK's shortest
                .log(new com.segment.analytics.Log() {
                    @Override
                    public void print(Level level, String format, Object... args) {
                        System.out.println("analytics-java " + level + ": " + String.format(format, args));
                    }

                    @Override
                    public void print(Level level, Throwable error, String format, Object... args) {
                        System.out.println("analytics-java " + level + ": " + String.format(format, args) + " " + error);
                    }
                })
                .callback(new Callback() {
                    @Override
                    public void success(Message message) {
                    }

                    @Override
                    public void failure(Message message, Throwable cause) {
                        failures.add(message.messageId() + ": " + cause);
                    }
                })
                .build();
    }
}
