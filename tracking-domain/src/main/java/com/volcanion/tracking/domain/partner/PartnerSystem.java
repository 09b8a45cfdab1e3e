package com.volcanion.tracking.domain.partner;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.apikey.ApiKey;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * One place a partner sends events from (a website, an app, a backend), with its API key.
 * <p>
 * Only the key's hash is held. After a rotation with a grace period the previous hash keeps working until
 * {@link #previousKeyValidUntil()}; without grace it is forgotten at once. Changes go through the owning
 * {@link Partner}, so that the aggregate can record what caches must forget.
 */
public final class PartnerSystem {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_ALLOWED_ORIGINS = 50;
    public static final int MAX_RATE_LIMIT_PER_SECOND = 1_000_000;

    private final UUID id;
    private final UUID partnerId;
    private String name;
    private final SystemType type;
    private boolean active;
    private String apiKeyHash;
    private String apiKeyPrefix;
    private String previousApiKeyHash;
    private Instant previousKeyValidUntil;
    private List<String> allowedOrigins;
    private Integer rateLimitPerSecond;
    private final Instant createdAt;
    private Instant updatedAt;

    private PartnerSystem(Snapshot snapshot) {
        this.id = Objects.requireNonNull(snapshot.id());
        this.partnerId = Objects.requireNonNull(snapshot.partnerId());
        this.name = snapshot.name();
        this.type = Objects.requireNonNull(snapshot.type());
        this.active = snapshot.active();
        this.apiKeyHash = Objects.requireNonNull(snapshot.apiKeyHash());
        this.apiKeyPrefix = snapshot.apiKeyPrefix();
        this.previousApiKeyHash = snapshot.previousApiKeyHash();
        this.previousKeyValidUntil = snapshot.previousKeyValidUntil();
        this.allowedOrigins = List.copyOf(snapshot.allowedOrigins());
        this.rateLimitPerSecond = snapshot.rateLimitPerSecond();
        this.createdAt = snapshot.createdAt();
        this.updatedAt = snapshot.updatedAt();
    }

    static PartnerSystem create(UUID partnerId, String name, SystemType type, List<String> allowedOrigins,
                                ApiKey apiKey, Instant now) {
        if (type == null) {
            throw new DomainRuleViolation("type", "must not be null");
        }
        return new PartnerSystem(new Snapshot(UUID.randomUUID(), partnerId,
                Require.text("name", name, MAX_NAME_LENGTH), type, true, apiKey.hash(), apiKey.displayPrefix(),
                null, null, normalizeOrigins(allowedOrigins), null, now, now));
    }

    /** Rebuilds a system from storage; no rule is re-checked. */
    public static PartnerSystem restore(Snapshot snapshot) {
        return new PartnerSystem(snapshot);
    }

    public Snapshot snapshot() {
        return new Snapshot(id, partnerId, name, type, active, apiKeyHash, apiKeyPrefix, previousApiKeyHash,
                previousKeyValidUntil, allowedOrigins, rateLimitPerSecond, createdAt, updatedAt);
    }

    /**
     * Whether a key with this hash identifies this system at {@code now}: the current key, or the
     * previous one while its grace period lasts. Says nothing about whether the system may ingest.
     */
    public boolean recognizesKey(String keyHash, Instant now) {
        if (ApiKey.hashesMatch(apiKeyHash, keyHash)) {
            return true;
        }
        return previousApiKeyHash != null && now.isBefore(previousKeyValidUntil)
                && ApiKey.hashesMatch(previousApiKeyHash, keyHash);
    }

    /** Every key hash that may still identify this system: what a cache must forget when it changes. */
    public Set<String> liveKeyHashes() {
        Set<String> hashes = new LinkedHashSet<>();
        hashes.add(apiKeyHash);
        if (previousApiKeyHash != null) {
            hashes.add(previousApiKeyHash);
        }
        return Set.copyOf(hashes);
    }

    void rename(String newName, Instant now) {
        this.name = Require.text("name", newName, MAX_NAME_LENGTH);
        this.updatedAt = now;
    }

    void setActive(boolean active, Instant now) {
        this.active = active;
        this.updatedAt = now;
    }

    void changeAllowedOrigins(List<String> origins, Instant now) {
        this.allowedOrigins = normalizeOrigins(origins);
        this.updatedAt = now;
    }

    /** Sets how many events per second the system's key may send; null returns to the service's default. */
    void changeRateLimit(Integer perSecond, Instant now) {
        if (perSecond != null && (perSecond < 1 || perSecond > MAX_RATE_LIMIT_PER_SECOND)) {
            throw new DomainRuleViolation("rateLimitPerSecond", "must be between 1 and " + MAX_RATE_LIMIT_PER_SECOND);
        }
        this.rateLimitPerSecond = perSecond;
        this.updatedAt = now;
    }

    /**
     * Replaces the key. With a positive grace the old key keeps working until {@code now + grace};
     * with none it stops at once. A key still in an earlier grace period is dropped either way.
     */
    void rotateKey(ApiKey newKey, Duration grace, Instant now) {
        if (grace.isNegative()) {
            throw new DomainRuleViolation("gracePeriodSeconds", "must not be negative");
        }
        if (grace.isZero()) {
            previousApiKeyHash = null;
            previousKeyValidUntil = null;
        } else {
            previousApiKeyHash = apiKeyHash;
            previousKeyValidUntil = now.plus(grace);
        }
        apiKeyHash = newKey.hash();
        apiKeyPrefix = newKey.displayPrefix();
        updatedAt = now;
    }

    /** Lowercases scheme and host, drops a trailing slash, and refuses anything that is not an origin. */
    static List<String> normalizeOrigins(List<String> origins) {
        if (origins == null) {
            return List.of();
        }
        if (origins.size() > MAX_ALLOWED_ORIGINS) {
            throw new DomainRuleViolation("allowedOrigins", "must hold at most " + MAX_ALLOWED_ORIGINS + " origins");
        }
        Set<String> normalized = new LinkedHashSet<>();
        for (String origin : origins) {
            normalized.add(normalizeOrigin(origin));
        }
        return new ArrayList<>(normalized);
    }

    private static String normalizeOrigin(String origin) {
        String message = "must be origins like https://shop.example.com (scheme, host and optional port only)";
        if (origin == null || origin.isBlank() || origin.length() > 255) {
            throw new DomainRuleViolation("allowedOrigins", message);
        }
        try {
            URI uri = new URI(origin.strip());
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean pathless = uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/");
            if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null || !pathless
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new DomainRuleViolation("allowedOrigins", message);
            }
            return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
        } catch (URISyntaxException e) {
            throw new DomainRuleViolation("allowedOrigins", message);
        }
    }

    public UUID id() {
        return id;
    }

    public UUID partnerId() {
        return partnerId;
    }

    public String name() {
        return name;
    }

    public SystemType type() {
        return type;
    }

    public boolean active() {
        return active;
    }

    public String apiKeyHash() {
        return apiKeyHash;
    }

    public String apiKeyPrefix() {
        return apiKeyPrefix;
    }

    public Instant previousKeyValidUntil() {
        return previousKeyValidUntil;
    }

    public List<String> allowedOrigins() {
        return allowedOrigins;
    }

    /** Events per second this system's key may send, or null for the service's default. */
    public Integer rateLimitPerSecond() {
        return rateLimitPerSecond;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** Every stored field of a system, for persistence adapters. */
    public record Snapshot(UUID id, UUID partnerId, String name, SystemType type, boolean active,
                           String apiKeyHash, String apiKeyPrefix, String previousApiKeyHash,
                           Instant previousKeyValidUntil, List<String> allowedOrigins,
                           Integer rateLimitPerSecond, Instant createdAt, Instant updatedAt) {
    }
}
