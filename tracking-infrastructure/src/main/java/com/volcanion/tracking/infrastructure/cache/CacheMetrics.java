package com.volcanion.tracking.infrastructure.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code tracking_cache_requests_total{cache, result}}: hits and misses of each cache, and for API keys the
 * presentations refused as known unknown ({@code result="unknown"}).
 */
@Component
public class CacheMetrics {

    private final Counter apiKeyHits;
    private final Counter apiKeyMisses;
    private final Counter apiKeyUnknown;
    private final Counter schemaHits;
    private final Counter schemaMisses;
    /** Lookups of the answer caches, by "cache:result" ({@code statistics}, {@code analytics}; hit, miss). */
    private final Map<String, Counter> answerLookups = new HashMap<>();

    public CacheMetrics(MeterRegistry registry) {
        apiKeyHits = counter(registry, "apikey", "hit");
        apiKeyMisses = counter(registry, "apikey", "miss");
        apiKeyUnknown = counter(registry, "apikey", "unknown");
        schemaHits = counter(registry, "schema", "hit");
        schemaMisses = counter(registry, "schema", "miss");
        for (String cache : List.of("statistics", "analytics")) {
            for (String result : List.of("hit", "miss")) {
                answerLookups.put(cache + ":" + result, counter(registry, cache, result));
            }
        }
    }

    private static Counter counter(MeterRegistry registry, String cache, String result) {
        return Counter.builder("tracking.cache.requests").description("Cache lookups by cache and result")
                .tag("cache", cache).tag("result", result).register(registry);
    }

    void apiKeyHit() {
        apiKeyHits.increment();
    }

    void apiKeyMiss() {
        apiKeyMisses.increment();
    }

    /** A key refused from the node's memory of hashes that belong to no key (no Redis or database lookup). */
    void apiKeyUnknown() {
        apiKeyUnknown.increment();
    }

    public void schemaHit() {
        schemaHits.increment();
    }

    public void schemaMiss() {
        schemaMisses.increment();
    }

    /** A lookup of an answer cache ({@code statistics} or {@code analytics}). */
    void answerLookup(String cache, boolean hit) {
        answerLookups.get(cache + (hit ? ":hit" : ":miss")).increment();
    }
}
