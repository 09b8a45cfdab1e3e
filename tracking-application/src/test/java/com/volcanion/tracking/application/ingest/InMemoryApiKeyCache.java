package com.volcanion.tracking.application.ingest;


import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

public class InMemoryApiKeyCache implements ApiKeyCache {

    public final Map<String, SystemCredential> entries = new HashMap<>();
    public final Map<String, Duration> ttls = new HashMap<>();
    public final Set<String> unknown = new HashSet<>();

    @Override
    public Optional<SystemCredential> get(String keyHash) {
        return Optional.ofNullable(entries.get(keyHash));
    }

    @Override
    public void put(String keyHash, SystemCredential credential, Duration ttl) {
        entries.put(keyHash, credential);
        ttls.put(keyHash, ttl);
    }

    @Override
    public void evict(Collection<String> keyHashes) {
        keyHashes.forEach(entries::remove);
        unknown.removeAll(keyHashes);
    }

    @Override
    public boolean isKnownUnknown(String keyHash) {
        return unknown.contains(keyHash);
    }

    @Override
    public void rememberUnknown(String keyHash) {
        unknown.add(keyHash);
    }
}
