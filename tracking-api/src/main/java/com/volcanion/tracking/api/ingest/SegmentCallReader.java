package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.IncomingItem;
import com.volcanion.tracking.application.ingest.IncomingItem.UnreadableItem;
import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.domain.event.TrackingEvent;
import com.volcanion.tracking.domain.event.ValidationError;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads the calls of the Segment tracking API (docs/api.md, "Segment-compatible ingestion") into events: track keeps
 * its {@code event} as the event name, the others are stored under {@link EventType#eventName()} with the
 * properties the contract gives them. Strict as version 1 where it protects the store ({@link EventJsonReader});
 * ids may be strings or numbers (stored as their text), as the SDKs of typed languages send them.
 */
final class SegmentCallReader {

    private final EventJsonReader reader;

    SegmentCallReader(EventJsonReader reader) {
        this.reader = reader;
    }

    /**
     * One call. {@code type} is the call's kind when the path says it (null in a batch, where the call's own
     * {@code type} says); {@code batchContext} (may be null) merges into the call's context, the call's keys winning.
     */
    IncomingItem readCall(JsonNode call, EventType type, JsonNode batchContext) {
        if (call == null || !call.isObject()) {
            return new UnreadableItem(List.of(new ValidationError("$", "must be a call object")));
        }
        List<ValidationError> errors = new ArrayList<>();
        EventType callType = type != null ? type : type(call, errors);
        if (callType == null) {
            return new UnreadableItem(errors);
        }
        String userId = id(call, "userId", errors);
        String anonymousId = id(call, "anonymousId", errors);
        if (userId == null && anonymousId == null && errors.isEmpty()) {
            errors.add(new ValidationError("userId", "or anonymousId is required"));
        }
        String messageId = EventJsonReader.text(call, "messageId", errors);
        Instant original = reader.instant(call, "originalTimestamp", errors);
        Instant timestamp = reader.instant(call, "timestamp", errors);
        Instant sentAt = reader.instant(call, "sentAt", errors);
        JsonNode context = merged(batchContext, EventJsonReader.objectNode(call, "context", errors));
        String eventName = callType == EventType.TRACK ? EventJsonReader.text(call, "event", errors) : callType.eventName();
        if (eventName == null && errors.isEmpty()) {
            errors.add(new ValidationError("event", "is required for a track call"));
        }
        ObjectNode properties = properties(call, callType, userId, errors);
        return reader.event(callType, messageId, eventName, original != null ? original : timestamp, sentAt, userId,
                anonymousId, properties, context, errors);
    }

    private static EventType type(JsonNode call, List<ValidationError> errors) {
        String type = EventJsonReader.text(call, "type", errors);
        if (type == null) {
            errors.add(new ValidationError("type", "is required: track, page, screen, identify, group or alias"));
            return null;
        }
        try {
            return EventType.valueOf(type.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new ValidationError("type", "must be track, page, screen, identify, group or alias"));
            return null;
        }
    }

    /** The properties an event of this call stores: see docs/api.md. */
    private static ObjectNode properties(JsonNode call, EventType type, String userId, List<ValidationError> errors) {
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        switch (type) {
            case TRACK -> copy(EventJsonReader.objectNode(call, "properties", errors), properties);
            case PAGE, SCREEN -> {
                copy(EventJsonReader.objectNode(call, "properties", errors), properties);
                putText(call, "name", properties, errors);
                putText(call, "category", properties, errors);
            }
            case IDENTIFY -> copy(EventJsonReader.objectNode(call, "traits", errors), properties);
            case GROUP -> {
                copy(EventJsonReader.objectNode(call, "traits", errors), properties);
                String groupId = id(call, "groupId", errors);
                if (groupId == null) {
                    errors.add(new ValidationError("groupId", "is required for a group call"));
                } else {
                    properties.put("groupId", groupId);
                }
            }
            case ALIAS -> {
                String previousId = id(call, "previousId", errors);
                if (previousId == null) {
                    errors.add(new ValidationError("previousId", "is required for an alias call"));
                } else {
                    properties.put("previousId", previousId);
                }
                if (userId == null) {
                    errors.add(new ValidationError("userId", "is required for an alias call"));
                }
            }
        }
        return properties;
    }

    /**
     * A user, anonymous, group or previous id: a string, or a number stored as its shortest plain text (so 42, 42.0
     * and 4.2e1 are the same user, "42"); 1 to 200 characters, counted as code points as version 1 counts them.
     */
    private static String id(JsonNode call, String field, List<ValidationError> errors) {
        JsonNode value = call.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String id = value.isNumber() ? plainText(value) : value.isString() ? value.asString() : null;
        if (id == null || id.isEmpty() || id.codePointCount(0, id.length()) > TrackingEvent.MAX_USER_ID_LENGTH) {
            errors.add(new ValidationError(field, "must be a string or a number of 1 to "
                    + TrackingEvent.MAX_USER_ID_LENGTH + " characters"));
            return null;
        }
        return id;
    }

    /** A number's shortest plain text, or null when that text would be longer than any id may be. */
    private static String plainText(JsonNode number) {
        try {
            BigDecimal exact = number.decimalValue().stripTrailingZeros();
            boolean tooLong = Math.max(exact.precision() - exact.scale(), exact.scale()) > TrackingEvent.MAX_USER_ID_LENGTH;
            return tooLong ? null : exact.toPlainString();
        } catch (ArithmeticException | NumberFormatException e) {   // NaN, infinities
            return null;
        }
    }

    private static void putText(JsonNode call, String field, ObjectNode properties, List<ValidationError> errors) {
        String value = EventJsonReader.text(call, field, errors);
        if (value != null) {
            properties.put(field, value);
        }
    }

    private static void copy(JsonNode from, ObjectNode to) {
        if (from != null) {
            from.properties().forEach(entry -> to.set(entry.getKey(), entry.getValue()));
        }
    }

    /** The batch's context under the call's own (a shallow merge: the call's keys win); null when neither has one. */
    private static JsonNode merged(JsonNode batchContext, JsonNode callContext) {
        if (batchContext == null) {
            return callContext;
        }
        ObjectNode context = JsonNodeFactory.instance.objectNode();
        copy(batchContext, context);
        copy(callContext, context);
        return context;
    }
}
