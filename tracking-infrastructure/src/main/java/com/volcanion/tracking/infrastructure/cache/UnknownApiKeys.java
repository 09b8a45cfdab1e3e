package com.volcanion.tracking.infrastructure.cache;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A node's short memory of key hashes that belong to no key: at most {@code capacity} of them (the oldest go
 * first), each for {@code ttl}. Local, not in Redis: it must work while Redis is down, and a forged key costs
 * each node one lookup per {@code ttl} at most.
 */
final class UnknownApiKeys {

    private final long ttlNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Long> expiries;

    UnknownApiKeys(int capacity, Duration ttl, LongSupplier nanoClock) {
        this.ttlNanos = ttl.toNanos();
        this.nanoClock = nanoClock;
        this.expiries = new LinkedHashMap<>(256, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    synchronized boolean contains(String keyHash) {
        Long expiry = expiries.get(keyHash);
        if (expiry == null) {
            return false;
        }
        if (nanoClock.getAsLong() - expiry >= 0) {
            expiries.remove(keyHash);
            return false;
        }
        return true;
    }

    synchronized void add(String keyHash) {
        expiries.remove(keyHash);   // re-inserted as the newest
        expiries.put(keyHash, nanoClock.getAsLong() + ttlNanos);
    }

    synchronized void removeAll(Collection<String> keyHashes) {
        keyHashes.forEach(expiries::remove);
    }

    synchronized int size() {
        return expiries.size();
    }
}
