package com.volcanion.tracking.api.lifecycle;

import com.volcanion.tracking.application.lifecycle.DeletionJob;
import com.volcanion.tracking.application.lifecycle.JobStatus;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A deletion job and how far it is. */
public record DeletionResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0b8c4a52-61d3-4f7e-9a1b-2c3d4e5f6a7b") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "FINISHED once nothing of those persons is "
                + "left; FAILED after repeated failures (the service's log says why)") JobStatus status,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> userIds,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> anonymousIds,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) boolean suppress,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "stored events removed so far", example = "1280")
        long deletedEvents,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-12-04T10:00:00Z") Instant createdAt,
        @Schema(description = "when it FINISHED or FAILED; null before", example = "2026-12-04T10:00:03Z")
        Instant finishedAt) {

    static DeletionResponse from(DeletionJob job) {
        return new DeletionResponse(job.id(), job.status(), job.userIds(), job.anonymousIds(), job.suppress(),
                job.deletedEvents(), job.createdAt(), job.finishedAt());
    }
}
