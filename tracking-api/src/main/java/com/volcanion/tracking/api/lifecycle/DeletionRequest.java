package com.volcanion.tracking.api.lifecycle;

import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

import java.util.List;

/** The persons to erase: 1 to 5000 ids, userIds and anonymousIds together, each matched exactly as stored. */
public record DeletionRequest(
        @ArraySchema(schema = @Schema(maxLength = 200, example = "user-42"), maxItems = 5000,
                arraySchema = @Schema(description = "their linked anonymousIds go with them")) List<String> userIds,
        @ArraySchema(schema = @Schema(maxLength = 200, example = "anon-7f3c"), maxItems = 5000) List<String> anonymousIds,
        @Schema(description = "also answer these ids' later events SUPPRESSED and store nothing of them (default false)",
                example = "false") Boolean suppress) {
}
