package com.volcanion.tracking.api.access;

import com.volcanion.tracking.application.access.IssuedPartnerToken;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.UUID;

/** A new partner token; {@code token} is shown in this answer only, and stored nowhere. */
public record IssuedTokenResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0b8c4a52-61d3-4f7e-9a1b-2c3d4e5f6a7b") UUID id,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "Acme admin (Jane)") String name,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, description = "vtp_ + 32 base62 characters + a "
                + "6-character checksum; shown this once", example = "vtp_4eC39HqLyjWDarjtT1zdp7dcGkTWdw3jcJZ0Ld")
        String token,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-24T10:00:00Z") Instant createdAt) {

    static IssuedTokenResponse from(IssuedPartnerToken issued) {
        return new IssuedTokenResponse(issued.id(), issued.name(), issued.token(), issued.createdAt());
    }

    @Override
    public String toString() {
        return "IssuedTokenResponse[id=" + id + ", name=" + name + "]";
    }
}
