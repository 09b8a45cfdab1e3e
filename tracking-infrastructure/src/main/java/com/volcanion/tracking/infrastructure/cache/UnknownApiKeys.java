package com.volcanion.tracking.infrastructure.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A node's short memory of key hashes that belong to no key: each for {@code ttl}, at most {@code capacity} of them
 * (when full, expired entries are dropped; if none has expired, the new hash is not remembered). Lock-free to read,
 * as every ingestion request asks it. Local, not in Redis: it must work while Redis is down, and a forged key
 * costs each node one lookup per {@code ttl} at most.
 */
final class UnknownApiKeys {

    private final int capacity;
    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    UnknownApiKeys(int capacity, Duration ttl, LongSupplier nanoClock) {
        this.capacity = capacity;
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
    }

    boolean contains(String keyHash) {
        Long expiry = expiries.get(keyHash);
        if (expiry == null) {
            return false;
        }
        if (nanoClock.getAsLong() - expiry >= 0) {
            expiries.remove(keyHash, expiry);
            return false;
        }
        return true;
    }

    void add(String keyHash) {
        long now = nanoClock.getAsLong();
        if (expiries.size() >= capacity) {
            expiries.values().removeIf(expiry -> now - expiry >= 0);
            if (expiries.size() >= capacity) {
                return;
            }
        }
        expiries.put(keyHash, now + ttlNanos);
    }

    void removeAll(Collection<String> keyHashes) {
        keyHashes.forEach(expiries::remove);
    }

    int size() {
        return expiries.size();
    }
}
