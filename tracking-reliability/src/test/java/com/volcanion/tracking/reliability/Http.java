package com.volcanion.tracking.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A plain HTTP client, as the SDKs are: each answer with its status, body, headers and round-trip time. */
final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    private Http() {
    }

    record Answer(int status, String body, Map<String, java.util.List<String>> headers, long nanos) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().getFirst()).findFirst().orElse(null);
        }

        double millis() {
            return nanos / 1e6;
        }
    }

    static Answer get(URI uri) {
        return send(HttpRequest.newBuilder(uri).GET());
    }

    static Answer getAsAdmin(URI uri) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN).GET());
    }

    static Answer postAsAdmin(URI uri, String json) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Answer patchAsAdmin(URI uri, String json) {
        return send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN)
                .header("Content-Type", "application/json").method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    static Answer put(ServiceNode node, String path, String json) {
        return send(HttpRequest.newBuilder(node.uri(path)).header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static Answer postWithKey(URI uri, String apiKey, String json) {
        return send(HttpRequest.newBuilder(uri).header("X-Api-Key", apiKey)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Sends; a connection failure or a timeout is an {@link UncheckedIOException}: the client got no answer. */
    static Answer send(HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(15)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers().map(),
                    System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
