package com.volcanion.tracking.reliability;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Partners and systems made through the management API, JSON reading, percentiles and the figures report. */
final class Fixture {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private Fixture() {
    }

    record TestSystem(String partnerId, String systemId, String apiKey) {
    }

    static TestSystem newSystem(ServiceNode node) {
        var partner = Http.postAsAdmin(node.uri("/api/partners"),
                "{\"name\":\"Reliability\",\"email\":\"rel-" + UUID.randomUUID() + "@volcanion.example\"}");
        assertThat(partner.status()).isEqualTo(201);
        return newSystem(node, json(partner.body()).get("id").asString());
    }

    static TestSystem newSystem(ServiceNode node, String partnerId) {
        var system = Http.postAsAdmin(node.uri("/api/partners/" + partnerId + "/systems"),
                "{\"name\":\"Load\",\"type\":\"BACKEND_SERVICE\"}");
        assertThat(system.status()).isEqualTo(201);
        JsonNode body = json(system.body());
        return new TestSystem(partnerId, body.get("id").asString(), body.get("apiKey").asString());
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    static String event(String messageId) {
        return "{\"messageId\":\"" + messageId + "\",\"eventName\":\"Reliability Probe\",\"userId\":\"u-1\","
                + "\"properties\":{\"orderId\":\"o-1\",\"total\":12.5}}";
    }

    static String batch(List<String> messageIds) {
        List<String> events = new ArrayList<>();
        messageIds.forEach(id -> events.add(event(id)));
        return "{\"events\":[" + String.join(",", events) + "]}";
    }

    /** The p-th percentile (0..100) of the values, nearest rank. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        int rank = (int) Math.ceil(p / 100 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    /** Prints a measured figure and appends it to target/reliability/figures.md. */
    static void report(String line) {
        System.out.println("[figure] " + line);
        try {
            Files.createDirectories(ServiceNode.REPORTS);
            Files.writeString(ServiceNode.REPORTS.resolve("figures.md"), "- " + line + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
