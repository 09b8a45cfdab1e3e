package com.volcanion.tracking.application.system.query;

import com.volcanion.tracking.domain.partner.PartnerSystem;
import com.volcanion.tracking.domain.partner.SystemType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A system as the management API shows it: never a key, only its display prefix. */
public record SystemView(UUID id, UUID partnerId, String name, SystemType type, boolean active,
                         String apiKeyPrefix, List<String> allowedOrigins, Instant previousKeyValidUntil,
                         Integer rateLimitPerSecond, Instant createdAt, Instant updatedAt) {

    public static SystemView from(PartnerSystem system) {
        return new SystemView(system.id(), system.partnerId(), system.name(), system.type(), system.active(),
                system.apiKeyPrefix(), system.allowedOrigins(), system.previousKeyValidUntil(),
                system.rateLimitPerSecond(), system.createdAt(), system.updatedAt());
    }
}
