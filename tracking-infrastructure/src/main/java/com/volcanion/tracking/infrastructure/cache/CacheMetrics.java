package com.volcanion.tracking.infrastructure.cache;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

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
    private final Counter statisticsHits;
    private final Counter statisticsMisses;
    private final Counter analyticsHits;
    private final Counter analyticsMisses;

    public CacheMetrics(MeterRegistry registry) {
        apiKeyHits = counter(registry, "apikey", "hit");
        apiKeyMisses = counter(registry, "apikey", "miss");
        apiKeyUnknown = counter(registry, "apikey", "unknown");
        schemaHits = counter(registry, "schema", "hit");
        schemaMisses = counter(registry, "schema", "miss");
        statisticsHits = counter(registry, "statistics", "hit");
        statisticsMisses = counter(registry, "statistics", "miss");
        analyticsHits = counter(registry, "analytics", "hit");
        analyticsMisses = counter(registry, "analytics", "miss");
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
        boolean statistics = "statistics".equals(cache);
        (hit ? (statistics ? statisticsHits : analyticsHits) : (statistics ? statisticsMisses : analyticsMisses)).increment();
    }
}
