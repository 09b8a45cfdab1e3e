package com.volcanion.tracking.api.query;

import com.volcanion.tracking.domain.event.EventType;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.volcanion.tracking.application.query.EventView;
import com.volcanion.tracking.domain.event.ValidationError;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One read-model event, as docs/api.md lists its fields. */
public record EventResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1234") long id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2a44052c-5883-443e-88a5-db35533c2d07")
        UUID trackingEventId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "5a1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e")
        UUID partnerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Acme Shop") String partnerName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ad4a9e26-622d-459d-862a-344c19220d80")
        UUID partnerSystemId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Web shop") String systemName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "3f0c2a6e-8d2b-4a51-9b3e-1c7d5a2f9e10")
        String messageId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "the kind of call; TRACK from /api/events/*",
                example = "TRACK") EventType type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Order Completed") String eventName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant eventTimestamp,
        @Schema(example = "u-42") String userId,
        @Schema(example = "a-9") String anonymousId,
        @JsonRawValue @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = "object",
                example = "{\"orderId\":\"o-1\",\"total\":12.5}") String properties,
        @JsonRawValue @Schema(types = "object", description = "as stored; null when the event had none",
                example = "{\"app\":{\"version\":\"1.2\"}}") String context,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean valid,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ValidationError> validationErrors,
        @Schema(example = "3f1c6f1e-2b1a-4c55-9d0e-7f1a2b3c4d5e") String correlationId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:02.104Z") Instant receivedAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:03.012Z")
        Instant processedAt) {

    static EventResponse from(EventView view) {
        return new EventResponse(view.id(), view.trackingEventId(), view.partnerId(), view.partnerName(),
                view.partnerSystemId(), view.systemName(), view.messageId(), view.type(), view.eventName(), view.eventTimestamp(),
                view.userId(), view.anonymousId(), view.properties(), view.context(), view.valid(),
                view.validationErrors(), view.correlationId(),
                view.receivedAt(), view.processedAt());
    }
}
