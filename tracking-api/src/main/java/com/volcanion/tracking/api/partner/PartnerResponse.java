package com.volcanion.tracking.api.partner;

import io.swagger.v3.oas.annotations.media.Schema;
import com.volcanion.tracking.application.partner.query.PartnerView;

import java.time.Instant;
import java.util.UUID;

public record PartnerResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "5a1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Acme Shop") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ops@acme.example") String email,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean active,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant createdAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:05:00Z") Instant updatedAt) {

    public static PartnerResponse from(PartnerView view) {
        return new PartnerResponse(view.id(), view.name(), view.email(), view.active(), view.createdAt(), view.updatedAt());
    }
}
