package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.query.StatisticsCache;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Statistics answers in Redis, under a key holding every query parameter and the partner's
 * {@link StatisticsCacheGenerations generation} as the lookup read it. The staleness bound
 * ({@code tracking.statistics.cache.max-staleness}, 10 s) holds by expiry: an answer expires that long after the
 * lookup that preceded its computation, so it never hides an event projected more than that long ago. The expiry
 * travels inside the cached value and is checked on every read, so it holds even should Redis execute the write
 * late (its own TTL counts from then). A change to the partner bumps the generation, which makes every earlier
 * answer unreachable (an answer computed across a change is stored under the generation its lookup read, never the
 * new one). Behind Redis's circuit breaker: with Redis down, statistics are computed every time.
 */
@Component
@EnableConfigurationProperties(StatisticsCacheProperties.class)
public class RedisStatisticsCache implements StatisticsCache {

    private static final Logger log = LoggerFactory.getLogger(RedisStatisticsCache.class);
    private static final Entry NOTHING = new Entry() {
        @Override
        public Optional<StatisticsView> cached() {
            return Optional.empty();
        }

        @Override
        public void store(StatisticsView view) {
        }
    };

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final StatisticsCacheGenerations generations;
    private final CacheMetrics metrics;
    private final Duration maxStaleness;
    private final CircuitBreaker breaker;

    public RedisStatisticsCache(StringRedisTemplate redis, JsonMapper json, StatisticsCacheGenerations generations,
                                CacheMetrics metrics, CircuitBreaker redisBreaker, StatisticsCacheProperties properties) {
        this.redis = redis;
        this.json = json;
        this.generations = generations;
        this.metrics = metrics;
        this.breaker = redisBreaker;
        this.maxStaleness = properties.maxStaleness();
    }

    @Override
    public Entry lookup(GetStatisticsQuery query) {
        long lookedUpAt = System.nanoTime();
        Optional<Lookup> found = breaker.call(() -> {
            String key = key(query);
            return new Lookup(key, redis.opsForValue().get(key));
        });
        if (found.isEmpty()) {   // Redis skipped or failing: computed, not stored
            metrics.statisticsMiss();
            return NOTHING;
        }
        Optional<StatisticsView> view = Optional.ofNullable(found.get().cached())
                .flatMap(this::decode)
                .filter(answer -> System.currentTimeMillis() < answer.expiresAtEpochMillis())
                .map(CachedAnswer::view);
        if (view.isPresent()) {
            metrics.statisticsHit();
        } else {
            metrics.statisticsMiss();
        }
        return new RedisEntry(found.get().key(), lookedUpAt, view);
    }

    /** The key (with the partner's generation as read) and what Redis holds under it, if anything. */
    private record Lookup(String key, String cached) {
    }

    /** An answer this version cannot read (written by another version, say) is a miss: it is computed again. */
    private Optional<CachedAnswer> decode(String cached) {
        try {
            return Optional.of(json.readValue(cached, CachedAnswer.class));
        } catch (JacksonException e) {
            log.warn("Ignoring a statistics cache entry this version cannot read: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    /** What is cached: the answer, and when it stops being fresh enough (milliseconds since the epoch). */
    record CachedAnswer(long expiresAtEpochMillis, StatisticsView view) {
    }

    private final class RedisEntry implements Entry {

        private final String key;
        private final long lookedUpAt;
        private final Optional<StatisticsView> cached;

        RedisEntry(String key, long lookedUpAt, Optional<StatisticsView> cached) {
            this.key = key;
            this.lookedUpAt = lookedUpAt;
            this.cached = cached;
        }

        @Override
        public Optional<StatisticsView> cached() {
            return cached;
        }

        @Override
        public void store(StatisticsView view) {
            Duration ttl = maxStaleness.minusNanos(System.nanoTime() - lookedUpAt);
            if (ttl.toMillis() >= 1) {
                String answer = json.writeValueAsString(new CachedAnswer(System.currentTimeMillis() + ttl.toMillis(), view));
                breaker.run(() -> redis.opsForValue().set(key, answer, ttl));
            }
        }
    }

    private String key(GetStatisticsQuery query) {
        return "stats:" + query.partnerId() + ":g" + generations.current(query.partnerId()) + ":" + query.from() + ":"
                + query.to() + ":" + query.systemId() + ":" + query.interval() + ":"
                + (query.eventName() == null ? "*" : "=" + URLEncoder.encode(query.eventName(), StandardCharsets.UTF_8));
    }
}
