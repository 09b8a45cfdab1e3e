package com.volcanion.tracking.api.ingest;

import io.swagger.v3.oas.annotations.media.Schema;
import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;
import java.util.UUID;

/** The answer to a batch, after its commit: counts, and one result per item in request order. */
public record BatchResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "98") long accepted,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1") long duplicates,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "1") long rejected,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "3") long invalid,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "items whose userId or anonymousId is "
                + "suppressed: nothing stored", example = "0") long suppressed,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<Item> results) {

    static BatchResponse from(IngestionResult result) {
        return new BatchResponse(result.accepted(), result.duplicates(), result.rejected(), result.invalid(),
                result.suppressed(),
                result.results().stream().map(r -> new Item(r.index(), r.eventId(), r.messageId(), r.status(),
                        r.valid(), r.validationErrors())).toList());
    }

    /** One item's result; {@code eventId} is null for a REJECTED or SUPPRESSED item, {@code messageId} when it had none. */
    public record Item(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0") int index,
            @Schema(example = "019ae9c4-5b3a-7c2e-9a41-3f0d2b8c6e15") UUID eventId,
            @Schema(example = "3f0c2a6e-8d2b-4a51-9b3e-1c7d5a2f9e10") String messageId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Status status,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean valid,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<ValidationError> validationErrors) {
    }
}
