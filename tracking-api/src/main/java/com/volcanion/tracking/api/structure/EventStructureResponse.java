package com.volcanion.tracking.api.structure;

import com.fasterxml.jackson.annotation.JsonRawValue;
import com.volcanion.tracking.application.structure.query.EventStructureView;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

public record EventStructureResponse(String eventName, int version,
                                     @JsonRawValue @Schema(type = "object", description = "JSON Schema (draft 2020-12)")
                                     String schema,
                                     String description, Instant createdAt, Instant updatedAt) {

    public static EventStructureResponse from(EventStructureView view) {
        return new EventStructureResponse(view.eventName(), view.version(), view.schema(), view.description(),
                view.createdAt(), view.updatedAt());
    }
}
