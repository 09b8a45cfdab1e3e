package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.query.CacheEntry;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Computed answers (statistics, analytics) in Redis. The staleness bound ({@code tracking.statistics.cache.max-staleness},
 * 10 s) holds by expiry: an answer expires that long after the lookup that preceded its computation, so it never
 * hides an event projected more than that long ago. The expiry travels inside the cached value and is checked on
 * every read, so it holds even should Redis execute the write late (its own TTL counts from then). Callers put the
 * partner's generations in the key, so a change makes every earlier answer unreachable (an answer computed across a
 * change is stored under the generations its lookup read). Behind Redis's circuit breaker: with Redis down, answers
 * are computed every time.
 */
@Component
@EnableConfigurationProperties(StatisticsCacheProperties.class)
class RedisAnswerCache {

    private static final Logger log = LoggerFactory.getLogger(RedisAnswerCache.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final CacheMetrics metrics;
    private final Duration maxStaleness;
    private final CircuitBreaker breaker;

    RedisAnswerCache(StringRedisTemplate redis, JsonMapper json, CacheMetrics metrics, CircuitBreaker redisBreaker,
                     StatisticsCacheProperties properties) {
        this.redis = redis;
        this.json = json;
        this.metrics = metrics;
        this.breaker = redisBreaker;
        this.maxStaleness = properties.maxStaleness();
    }

    /**
     * Looks the key up (built inside the breaker: it reads generations from Redis) in the cache named {@code cache}
     * (for the metrics); the lookup remembers when it happened, so what is stored through it expires in time.
     */
    <V> CacheEntry<V> lookup(String cache, Supplier<String> key, Class<V> type) {
        long lookedUpAt = System.nanoTime();
        Optional<Found> found = breaker.call(() -> {
            String built = key.get();
            return new Found(built, redis.opsForValue().get(built));
        });
        if (found.isEmpty()) {   // Redis skipped or failing: computed, not stored
            metrics.answerLookup(cache, false);
            return new Lookup<>(Optional.empty(), answer -> {
            });   // nothing stored either
        }
        Optional<V> answer = Optional.ofNullable(found.get().cached())
                .flatMap(this::decode)
                .filter(cached -> cached.answer() != null && System.currentTimeMillis() < cached.expiresAtEpochMillis())
                .flatMap(cached -> convert(cached.answer(), type));
        metrics.answerLookup(cache, answer.isPresent());
        return new Lookup<>(answer, computed -> store(found.get().key(), lookedUpAt, computed));
    }

    /** One lookup: the cached answer, if any, and how to store the one computed instead. */
    record Lookup<V>(Optional<V> cached, Consumer<V> storer) implements CacheEntry<V> {

        @Override
        public void store(V answer) {
            storer.accept(answer);
        }
    }

    private record Found(String key, String cached) {
    }

    /** What is cached: the answer, and when it stops being fresh enough (milliseconds since the epoch). */
    record CachedAnswer(long expiresAtEpochMillis, JsonNode answer) {
    }

    private void store(String key, long lookedUpAt, Object answer) {
        Duration ttl = maxStaleness.minusNanos(System.nanoTime() - lookedUpAt);
        if (ttl.toMillis() >= 1) {
            String value = json.writeValueAsString(new CachedAnswer(System.currentTimeMillis() + ttl.toMillis(),
                    json.valueToTree(answer)));
            breaker.run(() -> redis.opsForValue().set(key, value, ttl));
        }
    }

    /** An answer this version cannot read (written by another version, say) is a miss: it is computed again. */
    private Optional<CachedAnswer> decode(String cached) {
        try {
            return Optional.of(json.readValue(cached, CachedAnswer.class));
        } catch (JacksonException e) {
            log.warn("Ignoring a cache entry this version cannot read: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    private <V> Optional<V> convert(JsonNode answer, Class<V> type) {
        try {
            return Optional.of(json.treeToValue(answer, type));
        } catch (JacksonException e) {
            log.warn("Ignoring a cache entry this version cannot read: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
