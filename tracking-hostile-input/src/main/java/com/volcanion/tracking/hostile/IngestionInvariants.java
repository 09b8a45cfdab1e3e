package com.volcanion.tracking.hostile;

import com.volcanion.tracking.hostile.HostileIngestion.GeneratedRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What must hold for every ingestion answer, whatever was sent (docs/api.md):
 * <ul>
 * <li>never a 5xx;</li>
 * <li>every ACCEPTED item has an id, and reads back from the query API equal to what was sent: messageId, userId,
 * anonymousId, eventName (trimmed), properties and context compared as JSON values (numbers by value), and the
 * timestamp to the microsecond when no sentAt asked for a correction;</li>
 * <li>every DUPLICATE carries the id of the event stored under its messageId;</li>
 * <li>a REJECTED item, a 4xx request or a 503 stores nothing: the system holds exactly the ACCEPTED events;</li>
 * <li>no messageId is stored twice.</li>
 * </ul>
 * Thread-safe: answers may be recorded from several clients; cross-request checks run in {@link #checkStored}.
 */
public final class IngestionInvariants {

    /**
     * The reference reading of what was sent: strict UTF-8, then JSON with exact numbers and the service's own limit
     * on nesting raised away. (Read from text: Jackson's byte parser refuses an escaped lone surrogate in a property
     * name, which is valid JSON the service must refuse itself.)
     */
    private static final JsonMapper EXACT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build()).build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /** What each ACCEPTED event must read back as, kept small: a long run accepts hundreds of thousands. */
    private final Map<String, Accepted> acceptedById = new ConcurrentHashMap<>();
    private final Map<String, String> acceptedIdByMessageId = new ConcurrentHashMap<>();
    private final Map<DuplicateClaim, String> duplicateClaims = new ConcurrentHashMap<>();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> itemStatuses = new ConcurrentHashMap<>();

    /** Judges one answer; remembers what it says is stored. */
    public void check(GeneratedRequest request, int status, String answer) {
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        if (status >= 500) {
            violation(request, "answered " + status + ": " + answer);
            return;
        }
        if (status / 100 != 2) {
            return;   // nothing stored: checked by the count in checkStored
        }
        JsonNode sent;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(request.body())).toString();
            sent = EXACT.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (CharacterCodingException e) {
            violation(request, "answered " + status + " to a body that is not UTF-8");
            return;
        } catch (JacksonException e) {
            violation(request, "answered " + status + " to a body that is not JSON: " + e.getOriginalMessage());
            return;
        }
        JsonNode reply = EXACT.readTree(answer);
        if (request.path().endsWith("/ingest")) {
            checkItem(request, sent, null, reply);
        } else {
            JsonNode results = reply.get("results");
            JsonNode events = sent.get("events");
            if (results == null || events == null || results.size() != events.size()) {
                violation(request, "a batch answer without one result per item: " + answer);
                return;
            }
            for (int i = 0; i < results.size(); i++) {
                if (results.get(i).get("index").asInt() != i) {
                    violation(request, "results out of request order: " + answer);
                }
                checkItem(request, events.get(i), sent.get("sentAt"), results.get(i));
            }
        }
    }

    private void checkItem(GeneratedRequest request, JsonNode sent, JsonNode batchSentAt, JsonNode result) {
        String status = result.get("status").asString();
        itemStatuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
        JsonNode eventId = result.get("eventId");
        String sentMessageId = sent != null && sent.isObject() && sent.path("messageId").isString()
                ? sent.get("messageId").asString() : null;
        switch (status) {
            case "ACCEPTED" -> {
                if (eventId == null || eventId.isNull()) {
                    violation(request, "ACCEPTED without an eventId: " + result);
                    return;
                }
                String messageId = result.get("messageId").asString();
                if (sentMessageId != null && !sentMessageId.equals(messageId)) {
                    violation(request, "ACCEPTED under another messageId than sent: " + result);
                }
                JsonNode expected = expectation(sent, batchSentAt, messageId);
                acceptedById.put(eventId.asString(), new Accepted(Canonical.digest(expected),
                        expected.has("eventTimestamp"), request.kind() + ": " + abbreviate(request.bodyText(), 300)));
                String earlier = acceptedIdByMessageId.putIfAbsent(messageId, eventId.asString());
                if (earlier != null) {
                    violation(request, "messageId " + quote(messageId) + " ACCEPTED twice: " + earlier + " and " + eventId.asString());
                }
            }
            case "DUPLICATE" -> {
                if (eventId == null || eventId.isNull()) {
                    violation(request, "DUPLICATE without the stored eventId: " + result);
                    return;
                }
                duplicateClaims.putIfAbsent(new DuplicateClaim(result.get("messageId").asString(), eventId.asString()),
                        request.kind() + ": " + abbreviate(request.bodyText(), 300));
            }
            case "REJECTED" -> {
                if (eventId != null && !eventId.isNull()) {
                    violation(request, "REJECTED with an eventId: " + result);
                }
            }
            default -> violation(request, "an item status docs/api.md does not know: " + result);
        }
    }

    /**
     * Compares the system's stored events, as the query API returns them, with every ACCEPTED answer; checks each
     * DUPLICATE named the event stored under its messageId. Returns the violations found so far.
     */
    public List<String> checkStored(List<JsonNode> queryItems) {
        Map<String, JsonNode> stored = new TreeMap<>();
        for (JsonNode item : queryItems) {
            stored.put(item.get("trackingEventId").asString(), item);
        }
        if (stored.size() != acceptedById.size()) {
            violations.add("the system holds " + stored.size() + " events, " + acceptedById.size() + " were ACCEPTED");
        }
        acceptedById.forEach((eventId, accepted) -> {
            JsonNode item = stored.get(eventId);
            if (item == null) {
                violations.add("ACCEPTED event " + eventId + " is not stored; sent as " + accepted.sentAs());
                return;
            }
            JsonNode actual = readBack(item, accepted.timestampChecked());
            if (!Canonical.digest(actual).equals(accepted.digest())) {
                violations.add("event " + eventId + " reads back as " + abbreviate(Canonical.text(actual), 600)
                        + ", not as sent: " + accepted.sentAs());
            }
        });
        duplicateClaims.forEach((claim, sentAs) -> {
            String storedId = acceptedIdByMessageId.get(claim.messageId());
            if (!claim.eventId().equals(storedId)) {
                violations.add("DUPLICATE of messageId " + quote(claim.messageId()) + " named " + claim.eventId() + ", but "
                        + (storedId == null ? "no event was ACCEPTED under it" : storedId + " holds it")
                        + "; sent as " + sentAs);
            }
        });
        return violations();
    }

    /** Reads an answer of the service the way this class compares: numbers exact. */
    public static JsonNode readExact(String json) {
        return EXACT.readTree(json);
    }

    public long acceptedCount() {
        return acceptedById.size();
    }

    public List<String> violations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    /** Answers by HTTP status and items by status, for the test's report. */
    public String summary() {
        return "answers by status " + new TreeMap<>(statuses) + ", items by status " + new TreeMap<>(itemStatuses);
    }

    private void violation(GeneratedRequest request, String what) {
        violations.add(what + "; request " + request.kind() + " " + request.path() + ": "
                + abbreviate(request.bodyText(), 600));
    }

    /** Printable: ASCII, anything else as a Java escape; cut after {@code max} characters. */
    private static String abbreviate(String text, int max) {
        StringBuilder printable = new StringBuilder();
        for (int i = 0; i < text.length() && printable.length() < max; i++) {
            char c = text.charAt(i);
            printable.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return printable.length() < max ? printable.toString() : printable + "... (" + text.length() + " chars)";
    }

    private static String quote(String text) {
        return "\"" + abbreviate(text, 200) + "\"";
    }

    private record DuplicateClaim(String messageId, String eventId) {
    }

    /** What an ACCEPTED event must read back as, as a digest of its {@link Canonical} form. */
    private record Accepted(String digest, boolean timestampChecked, String sentAs) {
    }

    /**
     * The fields of a query item an ACCEPTED event must read back with: messageId, eventName (trimmed), userId,
     * anonymousId, properties ({} when absent), context, and the timestamp to the microsecond unless a sentAt asked
     * for a correction.
     */
    private static JsonNode expectation(JsonNode sent, JsonNode batchSentAt, String messageId) {
        var expected = EXACT.createObjectNode();
        expected.put("messageId", messageId);
        expected.put("eventName", sent.get("eventName").asString().strip());
        expected.set("userId", orNull(sent.get("userId")));
        expected.set("anonymousId", orNull(sent.get("anonymousId")));
        JsonNode properties = sent.get("properties");
        expected.set("properties", properties == null || properties.isNull() ? EXACT.createObjectNode() : properties);
        expected.set("context", orNull(sent.get("context")));
        JsonNode timestamp = sent.get("timestamp");
        boolean corrected = isPresent(sent.get("sentAt")) || isPresent(batchSentAt);
        if (isPresent(timestamp) && !corrected) {
            Instant at = OffsetDateTime.parse(timestamp.asString(), DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
            expected.put("eventTimestamp", at.truncatedTo(ChronoUnit.MICROS).toString());
        }
        return expected;
    }

    /** The same fields of a query item, as stored. */
    private static JsonNode readBack(JsonNode item, boolean timestampChecked) {
        var actual = EXACT.createObjectNode();
        for (String field : new String[]{"messageId", "eventName", "userId", "anonymousId", "properties", "context"}) {
            actual.set(field, orNull(item.get(field)));
        }
        if (timestampChecked) {
            actual.put("eventTimestamp", Instant.parse(item.get("eventTimestamp").asString()).toString());
        }
        return actual;
    }

    private static boolean isPresent(JsonNode node) {
        return node != null && !node.isNull();
    }

    private static JsonNode orNull(JsonNode node) {
        return node == null ? EXACT.nullNode() : node;
    }

    /**
     * A JSON value's canonical text, so that values equal as JSON have equal texts: object keys sorted, numbers by
     * value ({@code 1e2}, {@code 100.0} and {@code 100} are all {@code 100}; {@code -0} is {@code 0}).
     */
    static final class Canonical {

        private Canonical() {
        }

        static String digest(JsonNode value) {
            try {
                byte[] hash = MessageDigest.getInstance("SHA-256").digest(text(value).getBytes(StandardCharsets.UTF_8));
                return HexFormat.of().formatHex(hash);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        static String text(JsonNode value) {
            StringBuilder text = new StringBuilder();
            write(value, text);
            return text.toString();
        }

        private static void write(JsonNode value, StringBuilder text) {
            if (value.isObject()) {
                text.append('{');
                List<String> names = new ArrayList<>(value.propertyNames());
                Collections.sort(names);
                for (int i = 0; i < names.size(); i++) {
                    text.append(i == 0 ? "" : ",").append(EXACT.writeValueAsString(names.get(i))).append(':');
                    write(value.get(names.get(i)), text);
                }
                text.append('}');
            } else if (value.isArray()) {
                text.append('[');
                for (int i = 0; i < value.size(); i++) {
                    text.append(i == 0 ? "" : ",");
                    write(value.get(i), text);
                }
                text.append(']');
            } else if (value.isNumber()) {
                BigDecimal number = value.isIntegralNumber() ? new BigDecimal(value.bigIntegerValue()) : value.decimalValue();
                text.append(number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString());
            } else {
                text.append(EXACT.writeValueAsString(value));
            }
        }
    }
}
