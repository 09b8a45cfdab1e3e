package com.volcanion.tracking.api.system;

import io.swagger.v3.oas.annotations.media.Schema;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.volcanion.tracking.application.system.query.SystemView;
import com.volcanion.tracking.domain.partner.SystemType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A system. {@code previousKeyValidUntil} appears while a rotated key's grace period lasts;
 * {@code rateLimitPerSecond} is the system's own ingestion limit, null while it has the service's default.
 */
public record SystemResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "ad4a9e26-622d-459d-862a-344c19220d80") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "5a1f2e3d-4c5b-4a69-8d7e-6f5a4b3c2d1e")
        UUID partnerId,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Web shop") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) SystemType type,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean active,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "vt_wBjR9c") String apiKeyPrefix,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "[\"https://shop.acme.example\"]")
        List<String> allowedOrigins,
        @JsonInclude(JsonInclude.Include.NON_NULL)
        @Schema(description = "only while a rotated key is in its grace period", example = "2026-11-24T11:00:00Z")
        Instant previousKeyValidUntil,
        @Schema(description = "null: the service's default", example = "5000") Integer rateLimitPerSecond,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant createdAt,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:05:00Z") Instant updatedAt) {

    public static SystemResponse from(SystemView view) {
        return new SystemResponse(view.id(), view.partnerId(), view.name(), view.type(), view.active(),
                view.apiKeyPrefix(), view.allowedOrigins(), view.previousKeyValidUntil(), view.rateLimitPerSecond(),
                view.createdAt(), view.updatedAt());
    }
}
