package com.volcanion.tracking.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * The JSON of an event as a client sends it, for tests whose subject is not the wire format itself:
 * {@code anEvent("Order Completed").messageId("m-1").userId("u-42").property("total", 12.5).json()}.
 * Tests about hostile or malformed bodies write their bytes by hand.
 */
public final class EventJson {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ObjectNode event = JSON.createObjectNode();

    private EventJson(String eventName) {
        event.put("eventName", eventName);
    }

    public static EventJson anEvent(String eventName) {
        return new EventJson(eventName);
    }

    public EventJson messageId(String messageId) {
        event.put("messageId", messageId);
        return this;
    }

    public EventJson userId(String userId) {
        event.put("userId", userId);
        return this;
    }

    public EventJson anonymousId(String anonymousId) {
        event.put("anonymousId", anonymousId);
        return this;
    }

    public EventJson timestamp(Instant timestamp) {
        event.put("timestamp", timestamp.toString());
        return this;
    }

    /** A property of any JSON-mappable value (string, number, boolean, list, map). */
    public EventJson property(String name, Object value) {
        ObjectNode properties = event.has("properties") ? (ObjectNode) event.get("properties")
                : event.putObject("properties");
        properties.set(name, JSON.<JsonNode>valueToTree(value));
        return this;
    }

    public String json() {
        return JSON.writeValueAsString(event);
    }

    /** A batch request's body: {@code {"events":[...]}}. */
    public static String batchOf(List<EventJson> events) {
        ObjectNode batch = JSON.createObjectNode();
        ArrayNode items = batch.putArray("events");
        events.forEach(event -> items.add(event.event));
        return JSON.writeValueAsString(batch);
    }

    /** A batch of {@code count} events, the i-th made by {@code event}. */
    public static String batchOf(int count, IntFunction<EventJson> event) {
        return batchOf(IntStream.range(0, count).mapToObj(event).toList());
    }
}
