package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.IngestionResult.ItemResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;
import java.util.UUID;

/** The answer to one event: given only once the event is committed. */
public record IngestResponse(UUID eventId, String messageId, Status status, boolean valid,
                             List<ValidationError> validationErrors) {

    static IngestResponse from(ItemResult result) {
        return new IngestResponse(result.eventId(), result.messageId(), result.status(), result.valid(),
                result.validationErrors());
    }
}
