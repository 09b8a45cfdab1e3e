package com.volcanion.tracking.api.segment;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.RepeatedTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Segment mapping against a plain reference of docs/api.md, on generated calls: every type, ids as strings or
 * numbers, page names and group ids that collide with properties or traits of the same name, call and batch contexts
 * that overlap, client times with and without {@code sentAt} at either level, calls that are not valid calls mixed
 * in (missing fields, values PostgreSQL could not store as sent, times out of range), resent messageIds, and bodies
 * as JSON, {@code text/plain} or gzip. Each stored row must be exactly what the reference makes of the call; each
 * invalid call is counted in {@code rejected} and stored nowhere. Each run draws a new seed, printed;
 * {@code -Dtracking.generated.seed=N} replays one.
 */
@ApiIT
class SegmentMappingIT extends ApiTestSupport {

    /** Escapes everything beyond ASCII, so that a lone surrogate reaches the service as a JSON escape. */
    private static final JsonMapper ASCII = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final String[] TYPES = {"track", "page", "screen", "identify", "group", "alias"};
    private static final String[] KEYS = {"name", "category", "groupId", "plan", "total", "path", "previousId"};

    @Autowired
    JdbcTemplate jdbc;

    private Random random;

    @RepeatedTest(3)
    void everyStoredCallIsWhatTheContractMakesOfIt() {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        System.out.println("[generated input] seed " + seed);
        random = new Random(seed);
        TestSystem system = aSystem();
        Map<String, Expected> expected = new HashMap<>();
        int sequence = 0;
        for (int request = 0; request < 25; request++) {
            ObjectNode batch = JsonNodeFactory.instance.objectNode();
            ObjectNode batchContext = random.nextInt(3) == 0 ? smallObject() : null;
            Instant batchSentAt = random.nextInt(3) == 0 ? time() : null;
            if (batchContext != null) {
                batch.set("context", batchContext);
            }
            if (batchSentAt != null) {
                batch.put("sentAt", batchSentAt.toString());
            }
            var calls = batch.putArray("batch");
            int invalid = 0;
            List<Expected> sent = new ArrayList<>();
            for (int i = 1 + random.nextInt(12); i > 0; i--) {
                if (random.nextInt(10) == 0) {
                    calls.add(invalidCall());
                    invalid++;
                } else if (random.nextInt(10) == 0 && !expected.isEmpty()) {   // a retry of a stored call
                    Expected earlier = expected.values().stream().skip(random.nextInt(expected.size())).findFirst()
                            .orElseThrow();
                    calls.add(earlier.call());
                } else {
                    Expected call = validCall("m-" + seed + "-" + sequence++, batchContext, batchSentAt);
                    calls.add(call.call());
                    sent.add(call);
                }
            }

            HttpResponse<String> answer = post(system.apiKey(), ASCII.writeValueAsString(batch));

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            assertThat(json.readTree(answer.body()).get("rejected").asInt()).as("seed " + seed).isEqualTo(invalid);
            sent.forEach(call -> expected.put(call.messageId(), call));
        }

        List<Map<String, Object>> rows = jdbc.queryForList("select message_id, type, event_name, user_id, anonymous_id, "
                + "properties::text, context::text, client_timestamp, sent_at, received_at, event_timestamp "
                + "from write.tracking_events where partner_system_id = ?::uuid", system.systemId());
        assertThat(rows).as("one row per valid call, seed " + seed).hasSize(expected.size());
        for (Map<String, Object> row : rows) {
            Expected call = expected.get((String) row.get("message_id"));
            assertThat(call).as("stored but never sent: " + row).isNotNull();
            String about = call.call() + " stored as " + row + ", seed " + seed;
            assertThat(row.get("type")).as(about).isEqualTo(call.type());
            assertThat(row.get("event_name")).as(about).isEqualTo(call.eventName());
            assertThat(row.get("user_id")).as(about).isEqualTo(call.userId());
            assertThat(row.get("anonymous_id")).as(about).isEqualTo(call.anonymousId());
            assertThat(json.readTree((String) row.get("properties"))).as(about).isEqualTo(call.properties());
            assertThat(row.get("context") == null ? null : json.readTree((String) row.get("context"))).as(about)
                    .isEqualTo(call.context());
            assertThat(instant(row.get("client_timestamp"))).as(about).isEqualTo(call.clientTime());
            assertThat(instant(row.get("sent_at"))).as(about).isEqualTo(call.sentAt());
            Instant received = instant(row.get("received_at"));
            Instant corrected = call.clientTime() == null ? received : call.sentAt() == null ? call.clientTime()
                    : received.minus(Duration.between(call.clientTime(), call.sentAt()));
            assertThat(instant(row.get("event_timestamp"))).as(about).isEqualTo(corrected);
        }
    }

    /** A valid call and what the contract stores of it. */
    private Expected validCall(String messageId, ObjectNode batchContext, Instant batchSentAt) {
        String type = TYPES[random.nextInt(TYPES.length)];
        ObjectNode call = JsonNodeFactory.instance.objectNode();
        call.put("type", type);
        call.put("messageId", messageId);
        int who = type.equals("alias") ? 0 : random.nextInt(3);   // alias: a userId is required
        Id user = who != 1 ? id("u") : null;
        Id anonymous = who != 0 || random.nextInt(4) == 0 ? id("a") : null;
        if (user != null) {
            putId(call, "userId", user);
        }
        if (anonymous != null) {
            putId(call, "anonymousId", anonymous);
        }
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        String eventName = "$" + type;
        switch (type) {
            case "track" -> {
                eventName = new String[]{"Order Completed", "Signed Up", "Clicked"}[random.nextInt(3)];
                call.put("event", eventName);
                properties.setAll(putObject(call, "properties"));
            }
            case "page", "screen" -> {
                properties.setAll(putObject(call, "properties"));
                for (String field : new String[]{"name", "category"}) {
                    if (random.nextBoolean()) {
                        String value = field + "-" + random.nextInt(10);
                        call.put(field, value);
                        properties.put(field, value);
                    }
                }
            }
            case "identify" -> properties.setAll(putObject(call, "traits"));
            case "group" -> {
                properties.setAll(putObject(call, "traits"));
                Id group = id("g");
                putId(call, "groupId", group);
                properties.put("groupId", group.stored());
            }
            default -> {   // alias: only its previousId
                Id previous = id("p");
                putId(call, "previousId", previous);
                properties.put("previousId", previous.stored());
                if (random.nextBoolean()) {
                    putObject(call, "properties");   // not a field of an alias: ignored
                }
            }
        }
        ObjectNode callContext = random.nextBoolean() ? putObject(call, "context") : null;
        ObjectNode context = null;
        if (batchContext != null || callContext != null) {
            context = JsonNodeFactory.instance.objectNode();
            if (batchContext != null) {
                context.setAll(batchContext);
            }
            if (callContext != null) {
                context.setAll(callContext);
            }
        }
        Instant original = random.nextInt(3) == 0 ? time() : null;
        Instant timestamp = random.nextInt(3) == 0 ? time() : null;
        Instant callSentAt = random.nextInt(4) == 0 ? time() : null;
        if (original != null) {
            call.put("originalTimestamp", original.toString());
        }
        if (timestamp != null) {
            call.put("timestamp", timestamp.toString());
        }
        if (callSentAt != null) {
            call.put("sentAt", callSentAt.toString());
        }
        return new Expected(messageId, call, type.toUpperCase(), eventName, user == null ? null : user.stored(),
                anonymous == null ? null : anonymous.stored(),
                properties, context, original != null ? original : timestamp,
                callSentAt != null ? callSentAt : batchSentAt);
    }

    /**
     * A call that is not a valid call: each kind of mistake docs/api.md names, and values PostgreSQL could not store
     * as sent (NUL, lone surrogates, a number jsonb would change), ids beyond their length, times beyond 1900..9999.
     */
    private ObjectNode invalidCall() {
        ObjectNode call = JsonNodeFactory.instance.objectNode().put("messageId", "invalid-" + random.nextLong());
        switch (random.nextInt(14)) {
            case 0 -> call.put("type", "track").put("userId", "u");                       // no event
            case 1 -> call.put("type", "track").put("event", "E");                        // nobody
            case 2 -> call.put("type", "purchase").put("userId", "u");                    // no such type
            case 3 -> call.put("type", "alias").put("userId", "u");                       // no previousId
            case 4 -> call.put("type", "group").put("userId", "u");                       // no groupId
            case 5 -> call.put("type", "identify").put("userId", "u").put("traits", 5);   // traits not an object
            case 6 -> call.put("type", "track").put("event", "E").put("userId", "u")
                    .putObject("properties").put("note", "nul\u0000inside");
            case 7 -> call.put("type", "page").put("anonymousId", "a").putObject("properties").put("\ud800", 1);
            case 8 -> call.put("type", "identify").put("userId", "u").putObject("traits")
                    .put("score", new BigDecimal("1e999999999"));
            case 9 -> call.put("type", "track").put("event", "E").put("userId", "x".repeat(201));
            case 10 -> call.put("type", "screen").put("userId", "u").put("name", "x\udc00y");
            case 11 -> call.put("type", "track").put("event", "E").put("userId", "u")
                    .put("originalTimestamp", "+10000-01-01T00:00:00Z");
            case 12 -> call.put("type", "track").put("event", "E").put("userId", "u").put("timestamp", "yesterday");
            default -> call.put("type", "track").put("event", "E").put("userId", "u")   // skewed out of 1900..9999
                    .put("timestamp", "1900-01-01T00:00:00Z").put("sentAt", "2030-01-01T00:00:00Z");
        }
        return call;
    }

    /** An id as sent (a string or a number) and as stored (the number's shortest plain text). */
    private record Id(Object sent, String stored) {
    }

    /** 1 in 4 numeric: an integer, or a decimal with a zero fraction (42.0 is stored "42"). */
    private Id id(String prefix) {
        int n = random.nextInt(1000);
        return switch (random.nextInt(8)) {
            case 0 -> new Id(n, Integer.toString(n));
            case 1 -> new Id(new BigDecimal(n + ".0"), Integer.toString(n));
            default -> new Id(prefix + "-" + (n % 50), prefix + "-" + (n % 50));
        };
    }

    private static void putId(ObjectNode call, String field, Id id) {
        switch (id.sent()) {
            case Integer number -> call.put(field, number);
            case BigDecimal number -> call.put(field, number);
            default -> call.put(field, (String) id.sent());
        }
    }

    private ObjectNode putObject(ObjectNode call, String field) {
        ObjectNode object = smallObject();
        call.set(field, object);
        return object;
    }

    /** Up to three keys, drawn from a few that collide with the contract's own fields. */
    private ObjectNode smallObject() {
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        for (int i = random.nextInt(4); i > 0; i--) {
            String key = KEYS[random.nextInt(KEYS.length)];
            if (random.nextBoolean()) {
                object.put(key, key + "-" + random.nextInt(100));
            } else {
                object.put(key, random.nextInt(100));
            }
        }
        return object;
    }

    /** A client time in 2026, to the millisecond, as the SDKs send it. */
    private Instant time() {
        return Instant.parse("2026-01-01T00:00:00Z").plusMillis((long) (random.nextDouble() * 364 * 86_400_000L));
    }

    private static Instant instant(Object value) {
        return value == null ? null : ((Timestamp) value).toInstant();
    }

    /** As the SDKs send: JSON, text/plain or gzip, with Basic credentials. */
    private HttpResponse<String> post(String apiKey, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/v1/batch"))
                .header("Authorization", basic(apiKey))
                .header("Content-Type", random.nextBoolean() ? "application/json" : "text/plain");
        if (random.nextInt(3) == 0) {
            bytes = gzip(bytes);
            request.header("Content-Encoding", "gzip");
        }
        return send(request.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private record Expected(String messageId, ObjectNode call, String type, String eventName, String userId,
                            String anonymousId, JsonNode properties, JsonNode context, Instant clientTime,
                            Instant sentAt) {
    }
}
