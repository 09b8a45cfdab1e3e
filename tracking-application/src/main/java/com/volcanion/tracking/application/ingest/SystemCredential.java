package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.partner.SystemType;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What an API key stands for: the system and partner it identifies and whether they may ingest.
 * This is what the API-key cache holds under the key's hash.
 *
 * @param keyValidUntil      null for a system's current key; the end of the grace period for a rotated one
 * @param rateLimitPerSecond the system's own limit in events per second; null for the service's default
 */
public record SystemCredential(UUID systemId, UUID partnerId, SystemType systemType, boolean partnerActive,
                               boolean systemActive, List<String> allowedOrigins, Instant keyValidUntil,
                               Integer rateLimitPerSecond) {

    public SystemCredential {
        allowedOrigins = List.copyOf(allowedOrigins);
    }

    /** Whether events sent with this key at {@code now} are taken. */
    public boolean canIngestAt(Instant now) {
        return partnerActive && systemActive && (keyValidUntil == null || now.isBefore(keyValidUntil));
    }

    /** Whether a browser page on {@code origin} may send this system's events. */
    public boolean allowsOrigin(String origin) {
        return allowedOrigins.stream().anyMatch(allowed -> allowed.equalsIgnoreCase(origin));
    }
}
