package com.volcanion.tracking.domain.event;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.partner.PartnerEventStructure;

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
 * {@code timestamp} and {@code sentAt} are kept as they came.
 *
 * @param properties the event's properties as a JSON object text
 * @param context    the event's context as a JSON object text, or null
 */
public record TrackingEvent(UUID id, UUID partnerId, UUID partnerSystemId, String messageId, String eventName,
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
        eventName = PartnerEventStructure.requireEventName(eventName);
        if (messageId == null || messageId.isEmpty() || messageId.length() > MAX_MESSAGE_ID_LENGTH) {
            throw new DomainRuleViolation("messageId", "must be 1 to " + MAX_MESSAGE_ID_LENGTH + " characters");
        }
        checkIdentity("userId", userId);
        checkIdentity("anonymousId", anonymousId);
        validationErrors = List.copyOf(validationErrors);
    }

    /** Whether the event follows its event structure (or its name has none). */
    public boolean valid() {
        return validationErrors.isEmpty();
    }

    /** The time the event happened by the server's clock: see the class comment. */
    public static Instant correctedTimestamp(Instant timestamp, Instant sentAt, Instant receivedAt) {
        if (timestamp == null) {
            return receivedAt;
        }
        if (sentAt == null) {
            return timestamp;
        }
        return receivedAt.minus(java.time.Duration.between(timestamp, sentAt));
    }

    private static void checkIdentity(String field, String value) {
        if (value != null && value.length() > MAX_USER_ID_LENGTH) {
            throw new DomainRuleViolation(field, "must be at most " + MAX_USER_ID_LENGTH + " characters");
        }
    }
}
