package com.volcanion.tracking.application.query;

import java.time.Instant;
import java.util.UUID;

/**
 * One event of the read model. {@code properties}, {@code context} (null when the event had none) and
 * {@code validationErrors} are JSON texts.
 */
public record EventView(long id, UUID trackingEventId, UUID partnerId, String partnerName, UUID partnerSystemId,
                        String systemName, String messageId, String eventName, Instant eventTimestamp, String userId,
                        String anonymousId, String properties, String context, boolean valid, String validationErrors,
                        String correlationId, Instant receivedAt, Instant processedAt) {
}
