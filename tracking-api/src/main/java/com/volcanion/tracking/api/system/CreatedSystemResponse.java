package com.volcanion.tracking.api.system;

import com.volcanion.tracking.application.system.command.RegisteredSystem;
import com.volcanion.tracking.domain.partner.SystemType;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A new system with its API key: the only answer that ever carries the plain key. */
public record CreatedSystemResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ad4a9e26-622d-459d-862a-344c19220d80") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "5a1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e")
        UUID partnerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Web shop") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SystemType type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean active,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "Shown this once; only a hash is stored",
                example = "vt_wBjR9ck3G50FfWFt6xpGgVTGAX2ZB21i34pEi4") String apiKey,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "vt_wBjR9c") String apiKeyPrefix,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[\"https://shop.acme.example\"]")
        List<String> allowedOrigins,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant createdAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant updatedAt) {

    public static CreatedSystemResponse from(RegisteredSystem registered) {
        var view = registered.system();
        return new CreatedSystemResponse(view.id(), view.partnerId(), view.name(), view.type(), view.active(),
                registered.apiKey(), view.apiKeyPrefix(), view.allowedOrigins(), view.createdAt(), view.updatedAt());
    }

    @Override
    public String toString() {
        return "CreatedSystemResponse[id=" + id + ", apiKeyPrefix=" + apiKeyPrefix + "]";
    }
}
