package com.volcanion.tracking.api.access;

import com.volcanion.tracking.application.port.PartnerTokens.StoredToken;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A partner token as listed: never its value. */
public record TokenResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0b8c4a52-61d3-4f7e-9a1b-2c3d4e5f6a7b") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Acme admin (Jane)") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "vtp_4eC39H") String tokenPrefix,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant createdAt,
        @Schema(description = "null when never used; written in batches, so it may lag a use by "
                + "tracking.partner-tokens.last-used-write-interval (10 s)", example = "2026-11-24T11:30:00Z")
        Instant lastUsedAt) {

    static TokenResponse from(StoredToken token) {
        return new TokenResponse(token.id(), token.name(), token.tokenPrefix(), token.createdAt(), token.lastUsedAt());
    }
}
