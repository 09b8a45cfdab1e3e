package com.volcanion.tracking.api.partner;

import io.swagger.v3.oas.annotations.media.Schema;

public record CreatePartnerRequest(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 200, example = "Acme Shop") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 320, example = "ops@acme.example") String email) {
}
