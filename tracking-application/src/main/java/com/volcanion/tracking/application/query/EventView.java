package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.domain.event.ValidationError;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event of the read model. {@code properties} and {@code context} (null when the event had none) are JSON
 * texts, as stored.
 */
public record EventView(long id, UUID trackingEventId, UUID partnerId, String partnerName, UUID partnerSystemId,
                        String systemName, String messageId, EventType type, String eventName, Instant eventTimestamp, String userId,
                        String anonymousId, String properties, String context, boolean valid,
                        List<ValidationError> validationErrors,
                        String correlationId, Instant receivedAt, Instant processedAt) {

    public EventView {
        validationErrors = List.copyOf(validationErrors);
    }
}
