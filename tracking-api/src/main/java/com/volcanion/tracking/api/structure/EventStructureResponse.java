package com.volcanion.tracking.api.structure;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.volcanion.tracking.application.structure.query.EventStructureView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

public record EventStructureResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Order Completed") String eventName,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2") int version,
        @JsonRawValue @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = "object",
                description = "JSON Schema (draft 2020-12)",
                example = "{\"type\":\"object\",\"properties\":{\"total\":{\"type\":\"number\"}}}")
        String schema,
        @Schema(example = "An order was paid for") String description,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant createdAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:05:00Z") Instant updatedAt) {

    public static EventStructureResponse from(EventStructureView view) {
        return new EventStructureResponse(view.eventName(), view.version(), view.schema(), view.description(),
                view.createdAt(), view.updatedAt());
    }
}
