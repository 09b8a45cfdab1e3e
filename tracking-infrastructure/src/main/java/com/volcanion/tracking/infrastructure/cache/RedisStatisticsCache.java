package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.port.StatisticsCache;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Statistics answers in Redis for {@link #TTL}, under a key holding every query parameter and the partner's
 * current {@link StatisticsCacheGenerations generation}, so that bumping the generation invalidates them all.
 * Behind a circuit breaker: with Redis down, statistics are computed every time.
 */
@Component
public class RedisStatisticsCache implements StatisticsCache {

    static final Duration TTL = Duration.ofMinutes(5);
    private static final Logger log = LoggerFactory.getLogger(RedisStatisticsCache.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final StatisticsCacheGenerations generations;
    private final CacheMetrics metrics;
    private final CircuitBreaker breaker = new CircuitBreaker(Duration.ofSeconds(5));

    public RedisStatisticsCache(StringRedisTemplate redis, JsonMapper json, StatisticsCacheGenerations generations,
                                CacheMetrics metrics) {
        this.redis = redis;
        this.json = json;
        this.generations = generations;
        this.metrics = metrics;
    }

    @Override
    public Optional<StatisticsView> get(GetStatisticsQuery query) {
        if (!breaker.tryAcquire()) {
            metrics.statisticsMiss();
            return Optional.empty();
        }
        try {
            String cached = redis.opsForValue().get(key(query));
            breaker.recordSuccess();
            if (cached == null) {
                metrics.statisticsMiss();
                return Optional.empty();
            }
            metrics.statisticsHit();
            return Optional.of(json.readValue(cached, StatisticsView.class));
        } catch (RuntimeException e) {
            failed(e);
            metrics.statisticsMiss();
            return Optional.empty();
        }
    }

    @Override
    public void put(GetStatisticsQuery query, StatisticsView view) {
        if (!breaker.tryAcquire()) {
            return;
        }
        try {
            redis.opsForValue().set(key(query), json.writeValueAsString(view), TTL);
            breaker.recordSuccess();
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private String key(GetStatisticsQuery query) {
        return "stats:" + query.partnerId() + ":g" + generations.current(query.partnerId()) + ":" + query.from() + ":"
                + query.to() + ":" + query.systemId() + ":" + query.interval() + ":"
                + (query.eventName() == null ? "" : URLEncoder.encode(query.eventName(), StandardCharsets.UTF_8));
    }

    private void failed(RuntimeException e) {
        boolean wasOpen = breaker.isOpen();
        breaker.recordFailure();
        if (!wasOpen) {
            log.warn("Redis unavailable for the statistics cache; computing statistics for 5 s: {}", e.toString());
        }
    }
}
