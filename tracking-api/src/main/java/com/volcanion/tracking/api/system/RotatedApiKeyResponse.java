package com.volcanion.tracking.api.system;

import com.volcanion.tracking.application.system.command.RotatedApiKey;

import java.time.Instant;

/** The new key (shown this once) and until when the previous one works; null when it was revoked at once. */
public record RotatedApiKeyResponse(String apiKey, String apiKeyPrefix, Instant previousKeyValidUntil) {

    public static RotatedApiKeyResponse from(RotatedApiKey rotated) {
        return new RotatedApiKeyResponse(rotated.apiKey(), rotated.apiKeyPrefix(), rotated.previousKeyValidUntil());
    }

    @Override
    public String toString() {
        return "RotatedApiKeyResponse[apiKeyPrefix=" + apiKeyPrefix + "]";
    }
}
