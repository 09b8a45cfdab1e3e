package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.IncomingItem;
import com.volcanion.tracking.application.ingest.IncomingItem.IncomingEvent;
import com.volcanion.tracking.application.ingest.IncomingItem.UnreadableItem;
import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.domain.event.ValidationError;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ingestion bodies into {@link IncomingItem}s. Strict where strictness protects the store: well-formed
 * UTF-8 only, each key once per object, nesting at most {@value IngestionLimits#MAX_NESTING_DEPTH} deep, no trailing content, {@code properties} and
 * {@code context} objects, ISO-8601 times with an offset, and only what PostgreSQL stores exactly
 * ({@link StorableJson}). Numbers are read as exact decimals, so {@code 1e400} stays that number instead of becoming
 * infinite. The 64 KiB limit of an event applies to it as stored, numbers in plain notation.
 */
class EventJsonReader {

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(IngestionLimits.MAX_NESTING_DEPTH).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)   // jsonb would keep only one of the two
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    /**
     * Parses a body; malformed JSON, a key twice in one object, excessive nesting or bytes that are not UTF-8
     * (overlong forms and encoded surrogates included, which a lenient decoder would quietly turn into other text)
     * is an {@link InvalidEventException}.
     */
    JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw new InvalidEventException("The body is empty", List.of());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("The body is not valid UTF-8", List.of());
        }
        try {
            return mapper.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (JacksonException | NumberFormatException e) {
            String reason = e instanceof JacksonException jackson ? jackson.getOriginalMessage() : "a number is malformed";
            throw new InvalidEventException("The body is not valid JSON: " + reason, List.of());
        }
    }

    /**
     * The array of a batch's items under {@code field} ({@code events}, or Segment's {@code batch}): 400 when the body
     * is not an object holding one, 413 beyond {@value IngestionLimits#MAX_BATCH_EVENTS} items.
     */
    static JsonNode batchItems(JsonNode body, String field) {
        JsonNode items = body.get(field);
        if (!body.isObject() || items == null || !items.isArray()) {
            throw new InvalidEventException("A batch is an object with " + ("aeiou".indexOf(field.charAt(0)) >= 0
                    ? "an " : "a ") + field + " array",
                    List.of(new ValidationError(field, "must be an array of events")));
        }
        if (items.size() > IngestionLimits.MAX_BATCH_EVENTS) {
            throw new PayloadTooLargeException("A batch holds at most " + IngestionLimits.MAX_BATCH_EVENTS + " events");
        }
        return items;
    }

    /** One batch element or single event; anything that is not an event becomes an {@link UnreadableItem}. */
    IncomingItem readEvent(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new UnreadableItem(List.of(new ValidationError("$", "must be an event object")));
        }
        List<ValidationError> errors = new ArrayList<>();
        String eventName = text(node, "eventName", errors);
        if (eventName == null && errors.isEmpty()) {
            errors.add(new ValidationError("eventName", "is required"));
        }
        String messageId = text(node, "messageId", errors);
        Instant timestamp = instant(node, "timestamp", errors);
        Instant sentAt = instant(node, "sentAt", errors);
        String userId = text(node, "userId", errors);
        String anonymousId = text(node, "anonymousId", errors);
        return event(EventType.TRACK, messageId, eventName, timestamp, sentAt, userId, anonymousId,
                objectNode(node, "properties", errors), objectNode(node, "context", errors), errors);
    }

    /**
     * An event of these fields, or an {@link UnreadableItem} with {@code errors} and whatever else is wrong: its
     * objects must hold only what PostgreSQL stores exactly ({@link StorableJson}), and it must fit in 64 KiB as
     * stored.
     *
     * @param properties an object node, or null for {@code {}}
     * @param context    an object node, or null
     */
    IncomingItem event(EventType type, String messageId, String eventName, Instant timestamp, Instant sentAt,
                       String userId, String anonymousId, JsonNode properties, JsonNode context,
                       List<ValidationError> errors) {
        StoredObject storedProperties = stored(properties, "properties", errors);
        StoredObject storedContext = stored(context, "context", errors);
        if (errors.isEmpty()) {
            long size = StoredObject.length(storedProperties) + StoredObject.length(storedContext) + length(eventName)
                    + length(messageId) + length(userId) + length(anonymousId);
            if (size > IngestionLimits.MAX_EVENT_BYTES) {
                errors.add(new ValidationError("$", "is larger than 64 KiB"));
            }
        }
        if (!errors.isEmpty()) {
            return new UnreadableItem(errors);
        }
        return new IncomingEvent(type, messageId, eventName, timestamp, sentAt, userId, anonymousId,
                storedProperties == null ? "{}" : storedProperties.json(),
                storedContext == null ? null : storedContext.json());
    }

    /** The optional batch-level or event-level time field; null when absent. */
    Instant instant(JsonNode node, String field, List<ValidationError> errors) {
        String text = text(node, field, errors);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new ValidationError(field, "must be an ISO-8601 date-time with offset, like 2026-11-24T10:00:00Z"));
            return null;
        }
    }

    static String text(JsonNode node, String field, List<ValidationError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(new ValidationError(field, "must be a string"));
            return null;
        }
        return value.asString();
    }

    /** The field when it is an object; null when absent or null; an error when it is anything else. */
    static JsonNode objectNode(JsonNode node, String field, List<ValidationError> errors) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            errors.add(new ValidationError(field, "must be an object"));
            return null;
        }
        return value;
    }

    /**
     * A Segment batch's {@code context}, which every call of the batch merges in: an object that PostgreSQL stores
     * exactly and that alone fits in an event, checked once for the batch (else each call would scan it again only
     * to be rejected); 413 beyond 64 KiB as stored.
     */
    JsonNode batchContext(JsonNode body, List<ValidationError> errors) {
        JsonNode context = objectNode(body, "context", errors);
        if (context != null && StoredObject.length(stored(context, "context", errors)) > IngestionLimits.MAX_EVENT_BYTES) {
            throw new PayloadTooLargeException("A batch's context is merged into each of its calls: it may hold at "
                    + "most " + IngestionLimits.MAX_EVENT_BYTES / 1024 + " KiB");
        }
        return context;
    }

    /** The object as the JSON text to store, once {@link StorableJson} found nothing in it PostgreSQL would alter. */
    private StoredObject stored(JsonNode value, String field, List<ValidationError> errors) {
        if (value == null) {
            return null;
        }
        StorableJson.Inspection inspection = StorableJson.inspect(value, field);
        if (inspection.problem() != null) {
            errors.add(inspection.problem());
            return null;
        }
        return new StoredObject(mapper.writeValueAsString(value), inspection.plainExpansion());
    }

    /** An object's JSON text, and how many characters longer PostgreSQL will make it (numbers in plain notation). */
    private record StoredObject(String json, long plainExpansion) {

        /** Its size as stored, in UTF-8 bytes; 0 for an absent object. */
        static long length(StoredObject object) {
            return object == null ? 0 : EventJsonReader.length(object.json) + object.plainExpansion;
        }
    }

    private static int length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }
}
