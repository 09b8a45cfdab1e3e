package com.volcanion.tracking.api.system;

import io.swagger.v3.oas.annotations.media.Schema;

public record RotateApiKeyRequest(
        @Schema(description = "How long the previous key keeps working; 0 (the default) revokes it at once. At most 30 days.",
                example = "3600") Long gracePeriodSeconds) {
}
