package com.volcanion.tracking.api.structure;

import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

public record PutEventStructureRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, types = "object",
                description = "JSON Schema (draft 2020-12) for the event's properties",
                example = "{\"type\":\"object\",\"required\":[\"total\"],\"properties\":{\"total\":{\"type\":\"number\"}}}")
        JsonNode schema,
        @Schema(maxLength = 2000, example = "An order was paid for") String description) {
}
