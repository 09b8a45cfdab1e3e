package com.volcanion.tracking.api.system;

import com.volcanion.tracking.application.system.command.RegisteredSystem;
import com.volcanion.tracking.domain.partner.SystemType;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A new system with its API key: the only answer that ever carries the plain key. */
public record CreatedSystemResponse(UUID id, UUID partnerId, String name, SystemType type, boolean active,
                                    @Schema(description = "Shown this once; only a hash is stored") String apiKey,
                                    String apiKeyPrefix, List<String> allowedOrigins, Instant createdAt,
                                    Instant updatedAt) {

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
