package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.apikey.ApiKey;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Finds what a presented API key stands for: the cache first, by the key's hash, then the database, whose
 * answer is cached for at most an hour (less for a rotated key whose grace period ends sooner). Malformed
 * keys are refused before any lookup, thanks to the key's checksum; a well-formed key that belongs to no system
 * is remembered as unknown for a while, so presenting it again costs no lookup either.
 */
public class AuthenticateApiKeyHandler {

    public static final Duration CACHE_TTL = Duration.ofHours(1);

    private final ApiKeyCache cache;
    private final SystemCredentials credentials;
    private final Clock clock;

    public AuthenticateApiKeyHandler(ApiKeyCache cache, SystemCredentials credentials, Clock clock) {
        this.cache = cache;
        this.credentials = credentials;
        this.clock = clock;
    }

    /** The credential of an active system, or {@link InvalidApiKeyException}. */
    public SystemCredential handle(String presentedKey) {
        ApiKey key = ApiKey.parse(presentedKey).orElseThrow(InvalidApiKeyException::new);
        String hash = key.hash();
        if (cache.isKnownUnknown(hash)) {
            throw new InvalidApiKeyException();
        }
        Instant now = clock.instant();
        Optional<SystemCredential> found = cache.get(hash).or(() -> loadAndCache(hash, now));
        if (found.isEmpty()) {
            cache.rememberUnknown(hash);
            throw new InvalidApiKeyException();
        }
        SystemCredential credential = found.get();
        if (!credential.canIngestAt(now)) {
            throw new InvalidApiKeyException();
        }
        return credential;
    }

    private Optional<SystemCredential> loadAndCache(String hash, Instant now) {
        Optional<SystemCredential> found = credentials.findByKeyHash(hash, now);
        found.ifPresent(credential -> {
            Duration ttl = credential.keyValidUntil() == null ? CACHE_TTL
                    : min(CACHE_TTL, Duration.between(now, credential.keyValidUntil()));
            if (ttl.isPositive()) {
                cache.put(hash, credential, ttl);
            }
        });
        return found;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
