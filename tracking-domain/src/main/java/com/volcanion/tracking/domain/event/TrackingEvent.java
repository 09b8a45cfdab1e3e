package com.volcanion.tracking.domain.event;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.partner.PartnerEventStructure;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One event a partner system sent, as it is stored. Events are never dropped for breaking their event
 * structure: such an event is kept with {@code valid = false}, its {@link ValidationError errors} and the
 * schema version it was checked against.
 * <p>
 * {@code eventTimestamp} is corrected for the client's clock skew: when the client says when it sent the
 * event ({@code sentAt}), {@code eventTimestamp = receivedAt - (sentAt - timestamp)}. The client's own
 * {@code timestamp} and {@code sentAt} are kept as they came, to the microsecond (PostgreSQL's precision: finer digits
 * are dropped here rather than rounded there).
 *
 * @param type       the kind of call it came from ({@link EventType#TRACK} for version 1's endpoints)
 * @param properties the event's properties as a JSON object text (an identify's traits, for instance)
 * @param context    the event's context as a JSON object text, or null
 */
public record TrackingEvent(UUID id, UUID partnerId, UUID partnerSystemId, String messageId, EventType type,
                            String eventName,
                            Instant eventTimestamp, Instant clientTimestamp, Instant sentAt, Instant receivedAt,
                            String userId, String anonymousId, String properties, String context,
                            List<ValidationError> validationErrors, Integer schemaVersion, String correlationId) {

    public static final int MAX_MESSAGE_ID_LENGTH = 100;
    public static final int MAX_USER_ID_LENGTH = 200;

    public TrackingEvent {
        Objects.requireNonNull(id);
        Objects.requireNonNull(partnerId);
        Objects.requireNonNull(partnerSystemId);
        Objects.requireNonNull(receivedAt);
        Objects.requireNonNull(eventTimestamp);
        Objects.requireNonNull(properties);
        Objects.requireNonNull(type);
        eventName = PartnerEventStructure.requireEventName(eventName);
        if (messageId == null || messageId.isEmpty()) {
            throw new DomainRuleViolation("messageId", "must be 1 to " + MAX_MESSAGE_ID_LENGTH + " characters");
        }
        Require.storable("messageId", messageId, MAX_MESSAGE_ID_LENGTH);
        Require.storable("userId", userId, MAX_USER_ID_LENGTH);
        Require.storable("anonymousId", anonymousId, MAX_USER_ID_LENGTH);
        eventTimestamp = EventTime.toMicros(EventTime.require("timestamp", eventTimestamp));
        clientTimestamp = EventTime.toMicros(EventTime.require("timestamp", clientTimestamp));
        sentAt = EventTime.toMicros(EventTime.require("sentAt", sentAt));
        receivedAt = EventTime.toMicros(receivedAt);
        validationErrors = List.copyOf(validationErrors);
    }

    /** Whether the event follows its event structure (or its name has none). */
    public boolean valid() {
        return validationErrors.isEmpty();
    }

    /**
     * The time the event happened by the server's clock: see the class comment. The client's times, and the
     * corrected one, must lie within {@link EventTime}'s span.
     */
    public static Instant correctedTimestamp(Instant timestamp, Instant sentAt, Instant receivedAt) {
        EventTime.require("timestamp", timestamp);
        EventTime.require("sentAt", sentAt);
        if (timestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return timestamp;
        }
        Instant corrected = receivedAt.minus(Duration.between(timestamp, sentAt));
        if (!EventTime.isWithinRange(corrected)) {
            throw new DomainRuleViolation("timestamp", "corrected for the clock skew that sentAt reveals "
                    + "(receivedAt - (sentAt - timestamp)), it falls outside " + EventTime.EARLIEST + " to " + EventTime.END);
        }
        return corrected;
    }
}
