package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;
import java.util.UUID;

/** The answer to a batch, after its commit: counts, and one result per item in request order. */
public record BatchResponse(long accepted, long duplicates, long rejected, long invalid, List<Item> results) {

    static BatchResponse from(IngestionResult result) {
        return new BatchResponse(result.accepted(), result.duplicates(), result.rejected(), result.invalid(),
                result.results().stream().map(r -> new Item(r.index(), r.eventId(), r.messageId(), r.status(),
                        r.valid(), r.validationErrors())).toList());
    }

    public record Item(int index, UUID eventId, String messageId, Status status, boolean valid,
                       List<ValidationError> validationErrors) {
    }
}
