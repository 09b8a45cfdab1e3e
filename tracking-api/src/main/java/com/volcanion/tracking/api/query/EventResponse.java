package com.volcanion.tracking.api.query;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.volcanion.tracking.application.query.EventView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** One read-model event, as docs/api.md lists its fields. */
public record EventResponse(long id, UUID trackingEventId, UUID partnerId, String partnerName, UUID partnerSystemId,
                            String systemName, String messageId, String eventName, Instant eventTimestamp,
                            String userId, String anonymousId, @JsonRawValue @Schema(type = "object") String properties,
                            @JsonRawValue @Schema(type = "object", nullable = true) String context, boolean valid,
                            @JsonRawValue @Schema(type = "array", description = "[{path, message}]") String validationErrors,
                            String correlationId, Instant receivedAt, Instant processedAt) {

    static EventResponse from(EventView view) {
        return new EventResponse(view.id(), view.trackingEventId(), view.partnerId(), view.partnerName(),
                view.partnerSystemId(), view.systemName(), view.messageId(), view.eventName(), view.eventTimestamp(),
                view.userId(), view.anonymousId(), view.properties(), view.context(), view.valid(),
                view.validationErrors() == null ? "[]" : view.validationErrors(), view.correlationId(),
                view.receivedAt(), view.processedAt());
    }
}
