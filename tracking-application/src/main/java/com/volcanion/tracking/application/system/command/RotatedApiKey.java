package com.volcanion.tracking.application.system.command;

import java.time.Instant;

/** The new key (shown this once), its display prefix, and until when the previous key still works. */
public record RotatedApiKey(String apiKey, String apiKeyPrefix, Instant previousKeyValidUntil) {

    @Override
    public String toString() {
        return "RotatedApiKey[apiKeyPrefix=" + apiKeyPrefix + ", previousKeyValidUntil=" + previousKeyValidUntil + "]";
    }
}
