package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.ingest.SystemCredential;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * The shared cache of {@code apikey:{sha256}} → {@link SystemCredential}. Never holds a plain key.
 * An unreachable cache behaves as empty: it slows requests down, it never fails them.
 */
public interface ApiKeyCache {

    Optional<SystemCredential> get(String keyHash);

    void put(String keyHash, SystemCredential credential, Duration ttl);

    /** Forgets these entries on every node; retried until the cache has accepted it. */
    void evict(Collection<String> keyHashes);
}
