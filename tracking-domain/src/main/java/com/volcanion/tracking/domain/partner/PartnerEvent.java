package com.volcanion.tracking.domain.partner;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Something that changed in a {@link Partner} aggregate: caches and the read model hear of it, and the audit trail
 * records it. {@link #staleApiKeyHashes()} names the {@code apikey:{sha256}} cache entries a change makes stale;
 * no plain key ever appears here.
 */
public sealed interface PartnerEvent {

    UUID partnerId();

    /** The API-key hashes whose cached identity this change makes stale; empty when none. */
    default Set<String> staleApiKeyHashes() {
        return Set.of();
    }

    record PartnerRegistered(UUID partnerId, String name, String email) implements PartnerEvent {
    }

    record PartnerRenamed(UUID partnerId, String name) implements PartnerEvent {
    }

    record PartnerEmailChanged(UUID partnerId, String email) implements PartnerEvent {
    }

    /** The partner was deactivated or reactivated: every system's key changes its ability to ingest. */
    record PartnerActivationChanged(UUID partnerId, boolean active, Set<String> staleApiKeyHashes)
            implements PartnerEvent {
    }

    /** A system was registered with its first key, of which only the displayable prefix is named. */
    record SystemRegistered(UUID partnerId, UUID systemId, String name, SystemType type, String apiKeyPrefix,
                            List<String> allowedOrigins) implements PartnerEvent {
    }

    record SystemRenamed(UUID partnerId, UUID systemId, String name, Set<String> staleApiKeyHashes)
            implements PartnerEvent {
    }

    record SystemActivationChanged(UUID partnerId, UUID systemId, boolean active, Set<String> staleApiKeyHashes)
            implements PartnerEvent {
    }

    record SystemOriginsChanged(UUID partnerId, UUID systemId, List<String> allowedOrigins,
                                Set<String> staleApiKeyHashes)
            implements PartnerEvent {
    }

    /** The system's rate limit changed; null is the service's default. Cached credentials carry the limit. */
    record SystemRateLimitChanged(UUID partnerId, UUID systemId, Integer rateLimitPerSecond,
                                  Set<String> staleApiKeyHashes) implements PartnerEvent {
    }

    /**
     * A key was rotated: the old hash is revoked or now expires ({@code previousKeyValidUntil}, null when revoked at
     * once), the new one, of which only the displayable prefix is named, is live.
     */
    record ApiKeyRotated(UUID partnerId, UUID systemId, String apiKeyPrefix, Instant previousKeyValidUntil,
                         Set<String> staleApiKeyHashes) implements PartnerEvent {
    }

    record EventStructureChanged(UUID partnerId, String eventName, int version) implements PartnerEvent {
    }

    record EventStructureRemoved(UUID partnerId, String eventName) implements PartnerEvent {
    }
}
