package com.volcanion.tracking.api.access;

import io.swagger.v3.oas.annotations.media.Schema;

/** What the operator calls a new partner token, to tell tokens apart (who holds it, what for). */
public record IssueTokenRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Acme admin (Jane)")
        String name) {
}
