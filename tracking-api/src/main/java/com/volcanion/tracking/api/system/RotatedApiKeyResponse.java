package com.volcanion.tracking.api.system;

import io.swagger.v3.oas.annotations.media.Schema;
import com.volcanion.tracking.application.system.command.RotatedApiKey;

import java.time.Instant;

/** The new key (shown this once) and until when the previous one works; null when it was revoked at once. */
public record RotatedApiKeyResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "vt_Ykwdc1mMG8UpAsmbtrjctih1ZQsPOZy34H2dcO")
        String apiKey,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "vt_Ykwdc1") String apiKeyPrefix,
        @Schema(description = "null when the previous key was revoked at once", example = "2026-11-24T11:00:00Z")
        Instant previousKeyValidUntil) {

    public static RotatedApiKeyResponse from(RotatedApiKey rotated) {
        return new RotatedApiKeyResponse(rotated.apiKey(), rotated.apiKeyPrefix(), rotated.previousKeyValidUntil());
    }

    @Override
    public String toString() {
        return "RotatedApiKeyResponse[apiKeyPrefix=" + apiKeyPrefix + "]";
    }
}
