package com.volcanion.tracking.api.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import com.volcanion.tracking.application.ingest.IngestionResult.ItemResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;
import java.util.UUID;

/** The answer to one event: given only once the event is committed. */
public record IngestResponse(
        @Schema(description = "the stored event's id (for a DUPLICATE, the earlier event's)",
                example = "019ae9c4-5b3a-7c2e-9a41-3f0d2b8c6e15") UUID eventId,
        @Schema(example = "3f0c2a6e-8d2b-4a51-9b3e-1c7d5a2f9e10") String messageId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Status status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean valid,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ValidationError> validationErrors) {

    static IngestResponse from(ItemResult result) {
        return new IngestResponse(result.eventId(), result.messageId(), result.status(), result.valid(),
                result.validationErrors());
    }
}
