package com.volcanion.tracking.api.lifecycle;

import com.volcanion.tracking.application.lifecycle.JobStatus;
import com.volcanion.tracking.application.lifecycle.RevalidationJob;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A revalidation job and how far it is. */
public record RevalidationResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0b8c4a52-61d3-4f7e-9a1b-2c3d4e5f6a7b") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Order Completed") String eventName,
        @Schema(example = "2026-11-01T00:00:00Z") Instant from,
        @Schema(example = "2026-12-01T00:00:00Z") Instant to,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "FINISHED once every stored event of the "
                + "name and range was checked by the structure's current version; FAILED when the structure was removed "
                + "or after repeated failures") JobStatus status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "events checked so far: those an "
                + "older version of the structure (or none) had checked", example = "5000")
        long checked,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "12") long becameValid,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "340") long becameInvalid,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-12-04T10:00:00Z") Instant createdAt,
        @Schema(description = "when it FINISHED or FAILED; null before", example = "2026-12-04T10:00:09Z")
        Instant finishedAt) {

    static RevalidationResponse from(RevalidationJob job) {
        return new RevalidationResponse(job.id(), job.eventName(), job.from(), job.to(), job.status(), job.checked(),
                job.becameValid(), job.becameInvalid(), job.createdAt(), job.finishedAt());
    }
}
