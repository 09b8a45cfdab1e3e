package com.volcanion.tracking.api.system;

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
public record SystemResponse(UUID id, UUID partnerId, String name, SystemType type, boolean active,
                             String apiKeyPrefix, List<String> allowedOrigins,
                             @JsonInclude(JsonInclude.Include.NON_NULL) Instant previousKeyValidUntil,
                             Integer rateLimitPerSecond, Instant createdAt, Instant updatedAt) {

    public static SystemResponse from(SystemView view) {
        return new SystemResponse(view.id(), view.partnerId(), view.name(), view.type(), view.active(),
                view.apiKeyPrefix(), view.allowedOrigins(), view.previousKeyValidUntil(), view.rateLimitPerSecond(),
                view.createdAt(), view.updatedAt());
    }
}
