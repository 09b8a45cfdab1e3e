package com.volcanion.tracking.application.ingest;


import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The shared cache of {@code apikey:{sha256}} → {@link SystemCredential}, and a node's own short memory of
 * hashes that belong to no key. Never holds a plain key.
 * An unreachable cache behaves as empty: it slows requests down, it never fails them.
 */
public interface ApiKeyCache {

    Optional<SystemCredential> get(String keyHash);

    void put(String keyHash, SystemCredential credential, Duration ttl);

    /** Forgets these entries on every node; retried until the cache has accepted it. */
    void evict(Collection<String> keyHashes);

    /**
     * Whether this hash was lately found to belong to no key at all (a forged key: the checksum is public, so
     * well-formed unknown keys are cheap to make). Such a key is refused without a cache or database lookup.
     */
    boolean isKnownUnknown(String keyHash);

    /**
     * Remembers, briefly and in bounded memory, that no key has this hash. A key issued later is never refused
     * for it: an issued key is random and shown only once committed, so nobody can present it before.
     */
    void rememberUnknown(String keyHash);
}
