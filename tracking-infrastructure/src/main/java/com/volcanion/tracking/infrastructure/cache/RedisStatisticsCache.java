package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.query.StatisticsCache;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
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
 * new one). Behind a circuit breaker: with Redis down, statistics are computed every time.
 */
@Component
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
    private final CircuitBreaker breaker = new CircuitBreaker(Duration.ofSeconds(5));

    public RedisStatisticsCache(StringRedisTemplate redis, JsonMapper json, StatisticsCacheGenerations generations,
                                CacheMetrics metrics,
                                @Value("${tracking.statistics.cache.max-staleness:10s}") Duration maxStaleness) {
        this.redis = redis;
        this.json = json;
        this.generations = generations;
        this.metrics = metrics;
        this.maxStaleness = maxStaleness;
    }

    @Override
    public Entry lookup(GetStatisticsQuery query) {
        long lookedUpAt = System.nanoTime();
        if (!breaker.tryAcquire()) {
            metrics.statisticsMiss();
            return NOTHING;
        }
        try {
            String key = key(query);
            String cached = redis.opsForValue().get(key);
            breaker.recordSuccess();
            Optional<StatisticsView> view = Optional.ofNullable(cached)
                    .map(text -> json.readValue(text, CachedAnswer.class))
                    .filter(answer -> System.currentTimeMillis() < answer.expiresAtEpochMillis())
                    .map(CachedAnswer::view);
            if (view.isPresent()) {
                metrics.statisticsHit();
            } else {
                metrics.statisticsMiss();
            }
            return new RedisEntry(key, lookedUpAt, view);
        } catch (RuntimeException e) {
            failed(e);
            metrics.statisticsMiss();
            return NOTHING;
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
            if (ttl.toMillis() < 1 || !breaker.tryAcquire()) {
                return;
            }
            try {
                CachedAnswer answer = new CachedAnswer(System.currentTimeMillis() + ttl.toMillis(), view);
                redis.opsForValue().set(key, json.writeValueAsString(answer), ttl);
                breaker.recordSuccess();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private String key(GetStatisticsQuery query) {
        return "stats:" + query.partnerId() + ":g" + generations.current(query.partnerId()) + ":" + query.from() + ":"
                + query.to() + ":" + query.systemId() + ":" + query.interval() + ":"
                + (query.eventName() == null ? "*" : "=" + URLEncoder.encode(query.eventName(), StandardCharsets.UTF_8));
    }

    private void failed(RuntimeException e) {
        boolean wasOpen = breaker.isOpen();
        breaker.recordFailure();
        if (!wasOpen) {
            log.warn("Redis unavailable for the statistics cache; computing statistics for 5 s: {}", e.toString());
        }
    }
}
