package com.volcanion.tracking.api.lifecycle;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** Which stored events of the name to check again: by event time, {@code [from, to)}, each bound optional. */
public record RevalidationRequest(
        @Schema(description = "default: the oldest", example = "2026-11-01T00:00:00Z") Instant from,
        @Schema(description = "default: now and later", example = "2026-12-01T00:00:00Z") Instant to) {
}
