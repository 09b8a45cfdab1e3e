package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of generated malformed, oversized, deeply nested and odd-unicode bodies, headers, paths and query
 * parameters against every endpoint, plus malformed raw HTTP: never a 5xx, and the service healthy afterwards.
 */
class HostileInputIT extends ReliabilityTest {

    private static final int GENERATED = 4000;
    /** The one 5xx allowed: Tomcat answers an unknown HTTP major version with 505, as RFC 9110 says it should. */
    private static final String HTTP_9_9 = "raw request 1";
    private final Random random = new Random(20261125);
    private final Map<String, AtomicInteger> serverErrors = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new TreeMap<>();
    private String partnerToken;

    @Test
    void answersEveryHostileRequestWithoutA5xxAndStaysHealthy() throws Exception {
        startNode("hostile", Map.of());
        var system = Fixture.newSystem(node());
        String systemPath = "/api/systems/" + system.systemId();
        String partnerPath = "/api/partners/" + system.partnerId();
        partnerToken = Fixture.json(Http.postAsAdmin(node().uri(partnerPath + "/tokens"), "{\"name\":\"hostile\"}").body())
                .get("token").asString();
        // each endpoint with the methods it serves: most requests reach a handler, some test the others
        Map<String, List<String>> endpoints = Map.ofEntries(Map.entry("/api/events/ingest", List.of("POST")),
                Map.entry("/api/events/batch", List.of("POST")), Map.entry("/api/partners", List.of("GET", "POST")),
                Map.entry(partnerPath, List.of("GET", "PATCH")), Map.entry(partnerPath + "/systems", List.of("GET", "POST")),
                Map.entry(systemPath, List.of("GET", "PATCH")), Map.entry(systemPath + "/api-key/rotate", List.of("POST")),
                Map.entry(partnerPath + "/event-structures", List.of("GET")),
                Map.entry(partnerPath + "/event-structures/Order%20Completed", List.of("GET", "PUT", "DELETE")),
                Map.entry("/api/events/partner/" + system.partnerId(), List.of("GET")),
                Map.entry("/api/events/partner-system/" + system.systemId(), List.of("GET")),
                Map.entry("/api/statistics/partners/" + system.partnerId(), List.of("GET")),
                Map.entry(partnerPath + "/audit", List.of("GET")), Map.entry(partnerPath + "/tokens", List.of("GET", "POST")));
        List<String> paths = endpoints.keySet().stream().sorted().toList();
        List<String> methods = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

        for (int i = 0; i < GENERATED; i++) {
            String path = pick(paths);
            String method = random.nextInt(5) == 0 ? pick(methods) : pick(endpoints.get(path));
            String query = random.nextInt(3) == 0 ? "?" + hostileQuery() : "";
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node().uri(path) + query));
            byte[] body = hostileBody();
            try {
                credentials(request, system, path.startsWith("/api/events/ingest") || path.startsWith("/api/events/batch"));
                request.header("Content-Type", random.nextInt(5) < 3 ? "application/json" : pick(List.of(
                        "application/json; charset=UTF-8", "text/plain", "application/x-www-form-urlencoded",
                        "application/json; charset=latin1", "multipart/form-data; boundary=x", "application/*", "garbage")));
                if (random.nextInt(4) == 0) {
                    request.header("X-Correlation-Id", hostileHeaderValue());
                }
            } catch (IllegalArgumentException unsendable) {
                continue;   // a header value the HTTP client refuses to send; the raw requests below cover those
            }
            request.method(method, method.equals("GET") || method.equals("DELETE") && random.nextBoolean()
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            record(method + " " + path, () -> Http.send(request).status());
        }
        for (String path : hostilePaths()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node().uri("") + path))
                    .header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN);
            record("GET " + path, () -> Http.send(request).status());
        }
        int raw = 0;
        for (String request : rawRequests()) {
            record("raw request " + raw++, () -> rawStatus(request));
        }

        assertThat(serverErrors).as("requests answered 5xx").isEmpty();
        assertThat(Http.get(node().uri("/actuator/health/readiness")).status()).isEqualTo(200);
        var fresh = Fixture.newSystem(node());   // the generated requests may have rotated the first system's key
        assertThat(Http.postWithKey(node().uri("/api/events/ingest"), fresh.apiKey(), Fixture.event("after")).status())
                .isEqualTo(202);
        assertThat(node().isAlive()).isTrue();
        int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        Fixture.report("hostile input: " + total + " requests (" + GENERATED + " generated against "
                + paths.size() + " endpoints, " + hostilePaths().size() + " odd paths, " + raw
                + " malformed raw HTTP requests): answers " + statuses + ", no 5xx; healthy and ingesting afterwards");
    }

    private void record(String what, Supplier<Integer> send) {
        int status;
        try {
            status = send.get();
        } catch (java.io.UncheckedIOException e) {
            status = -1;   // the server closed the connection: acceptable for garbage, never a 5xx
        }
        synchronized (statuses) {
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
        if (status >= 500 && !(status == 505 && what.equals(HTTP_9_9))) {
            serverErrors.computeIfAbsent(status + " " + what, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * Half the time the right credential for the endpoint, so that bodies and parameters reach the handlers: for the
     * admin APIs the operator token or the partner's token (whose requests pass checks of their own).
     */
    private void credentials(HttpRequest.Builder request, Fixture.TestSystem system, boolean ingestion) {
        if (random.nextBoolean()) {
            request.header(ingestion ? "X-Api-Key" : "Authorization", ingestion ? system.apiKey()
                    : "Bearer " + (random.nextBoolean() ? ServiceNode.ADMIN_TOKEN : partnerToken));
            return;
        }
        switch (random.nextInt(8)) {
            case 0 -> request.header("X-Api-Key", system.apiKey());
            case 1 -> request.header("X-Api-Key", hostileHeaderValue());
            case 2 -> request.header("Authorization", "Basic " + java.util.Base64.getEncoder()
                    .encodeToString((system.apiKey() + ":").getBytes(StandardCharsets.UTF_8)));
            case 3 -> request.header("Authorization", "Basic " + hostileHeaderValue());
            case 4 -> request.header("Authorization", "Bearer " + hostileHeaderValue());
            case 5 -> {
            }
            default -> request.header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN)
                    .header("X-Api-Key", system.apiKey());
        }
    }

    private byte[] hostileBody() {
        String text = switch (random.nextInt(16)) {
            case 0 -> nested(random.nextInt(5_000) + 10);
            case 1 -> "{\"eventName\":\"" + "x".repeat(random.nextInt(70_000)) + "\"}";
            case 2 -> "{\"eventName\":\"E\",\"properties\":{\"n\":1e99999,\"m\":-0,\"big\":" + "9".repeat(5000) + "}}";
            case 3 -> "{\"eventName\":\"\\u0000\",\"properties\":{\"\\u0000\":\"\\ud800\"}}";
            case 4 -> "{\"eventName\":\"\u202Eevil\uFEFF\uD83D\uDE00\",\"userId\":\"\\udfff\",\"timestamp\":\"yesterday\"}";
            case 5 -> "{\"events\":[" + "1,".repeat(random.nextInt(2000)) + "{}]}";
            case 6 -> "{\"events\":" + nested(300) + "}";
            case 7 -> "{\"name\":" + randomJsonValue() + ",\"email\":" + randomJsonValue() + ",\"type\":\"SPACESHIP\"}";
            case 8 -> "{\"schema\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"http://127.0.0.2:1/x.json\"}}}}";
            case 9 -> "{\"schema\":" + nested(random.nextInt(500) + 1) + ",\"description\":" + randomJsonValue() + "}";
            case 10 -> "{\"gracePeriodSeconds\":" + pick(List.of("-1", "1e30", "\"soon\"", "99999999999999999999", "null")) + "}";
            case 11 -> "{\"active\":\"maybe\",\"allowedOrigins\":[\"javascript:alert(1)\",null,7],\"rateLimitPerSecond\":-5}";
            case 12 -> random.nextBoolean() ? "[" + randomJsonValue() + "]" : randomJsonValue();   // a bare root value
            case 13 -> "{\"eventName\":\"E\",\"eventName\":\"F\",\"messageId\":" + randomJsonValue() + "}";
            case 14 -> "";
            default -> null;
        };
        if (text != null) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        byte[] bytes = new byte[random.nextInt(4096)];
        random.nextBytes(bytes);
        if (random.nextBoolean() && bytes.length > 20) {   // invalid UTF-8 inside otherwise plausible JSON
            byte[] prefix = "{\"eventName\":\"".getBytes(StandardCharsets.UTF_8);
            System.arraycopy(prefix, 0, bytes, 0, prefix.length);
        }
        return bytes;
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(random.nextInt(3) == 0 ? depth / 2 : depth);
    }

    private String randomJsonValue() {
        return pick(List.of("null", "true", "12", "-1e400", "\"\"", "\"" + "é".repeat(300) + "\"", "[]", "{}",
                "\"\\ud800\"", "\"\\u0000\"", "\"" + UUID.randomUUID() + "\""));
    }

    private String hostileQuery() {
        return pick(List.of("from=garbage", "to=2026-13-45T99:99:99Z", "limit=-1", "limit=1001", "limit=abc",
                "limit=99999999999999999999", "cursor=garbage", "cursor=" + "A".repeat(5000), "valid=maybe",
                "interval=WEEK", "systemId=not-a-uuid", "eventName=" + "%F0%9F%98%80".repeat(100),
                "from=2026-11-25T00:00:00Z&to=2020-01-01T00:00:00Z", "page=-5&size=100000", "size=0",
                "userId=%00", "from=" + "9".repeat(400)));
    }

    private String hostileHeaderValue() {
        return pick(List.of("", " ", "vt_", "vt_" + "A".repeat(38), "vt_" + "a".repeat(5000), "x".repeat(7000),
                "%00", "null", "Bearer Bearer", "é", "../../etc/passwd", "<script>", "=?utf-8?b?w6k=?="));
    }

    private List<String> hostilePaths() {
        return List.of("/api/partners/not-a-uuid", "/api/partners/%00", "/api/partners/..%2F..%2Fetc%2Fpasswd",
                "/api/systems/" + "1".repeat(5000), "/api/partners/" + UUID.randomUUID() + "/event-structures/%E0%A4",
                "/api/partners/" + UUID.randomUUID() + "/event-structures/" + "x".repeat(300),
                "/api/events/partner/%F0%9F%98%80", "/api/statistics/partners/;jsessionid=1", "/nowhere",
                "/api/events/ingest/extra", "/actuator/heapdump", "/actuator/env", "/v3/api-docs/../../x",
                "/%2e%2e/%2e%2e/");
    }

    private List<String> rawRequests() {
        List<String> requests = new ArrayList<>(List.of(
                "GARBAGE\r\n\r\n",
                "GET /actuator/health HTTP/9.9\r\nHost: x\r\n\r\n",
                "POST /api/events/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
                "POST /api/events/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
                "POST /api/events/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n",
                "POST /api/events/ingest HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                "GET /api/partners HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /api/partners HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \u00e9\u00e9\r\n\r\n",
                "GET /api/partners HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n",
                "GET /api/partners?page=% HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ServiceNode.ADMIN_TOKEN + "\r\n\r\n",
                "GET /api/statistics/partners/" + UUID.randomUUID() + "?from=%ZZ HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + ServiceNode.ADMIN_TOKEN + "\r\n\r\n",
                "GET /" + "a/".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /api/events/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Api-Key: vt_x\r\n"
                        + "Content-Length: 10\r\n\r\n{\"ev"));
        for (int i = 0; i < 40; i++) {
            byte[] noise = new byte[random.nextInt(300) + 1];
            random.nextBytes(noise);
            requests.add("POST /api/events/ingest HTTP/1.1\r\nHost: x\r\n" + new String(noise, StandardCharsets.ISO_8859_1)
                    + "\r\n\r\n");
        }
        return requests;
    }

    /** Sends bytes on a raw socket and reads the status code of the answer; -1 when the server just closes. */
    private int rawStatus(String request) {
        URI base = node().uri("/");
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1 && b != '\n' && head.size() < 200) {
                head.write(b);
            }
            String statusLine = head.toString(StandardCharsets.ISO_8859_1);
            String[] parts = statusLine.split(" ");
            return parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
