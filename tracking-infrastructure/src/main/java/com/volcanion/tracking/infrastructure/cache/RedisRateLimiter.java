package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.RateLimit;
import com.volcanion.tracking.application.ingest.RateLimitDecision;
import com.volcanion.tracking.application.ingest.RateLimiter;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One token bucket per system in Redis ({@code ratelimit:{systemId}}), updated by a Lua script on Redis's own
 * clock, so every node draws from the same bucket. While Redis is unreachable the limit is not enforced
 * (ingestion must not fail because a cache is down); Redis's circuit breaker keeps a dead Redis from costing each
 * request its timeout. {@code tracking_rate_limit_requests_total{result=allowed|limited|not_enforced}}.
 */
@Component
class RedisRateLimiter implements RateLimiter {

    /** KEYS[1] the bucket; ARGV: refill per second, size, cost. Returns {allowed (1/0), events left}. */
    private static final RedisScript<List> TAKE = new DefaultRedisScript<>("""
            local now = redis.call('TIME')
            local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local rate, size, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or size
            local at = tonumber(state[2]) or nowMs
            tokens = math.min(size, tokens + math.max(0, nowMs - at) * rate / 1000)
            local allowed = 0
            if tokens >= cost then
              tokens = tokens - cost
              allowed = 1
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(nowMs))
            redis.call('PEXPIRE', KEYS[1], math.ceil((size - tokens) * 1000 / rate) + 1000)
            return {allowed, math.floor(tokens)}
            """, List.class);

    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final Counter allowed;
    private final Counter limited;
    private final Counter notEnforced;

    RedisRateLimiter(StringRedisTemplate redis, CircuitBreaker redisBreaker, MeterRegistry registry) {
        this.redis = redis;
        this.breaker = redisBreaker;
        this.allowed = counter(registry, "allowed");
        this.limited = counter(registry, "limited");
        this.notEnforced = counter(registry, "not_enforced");
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("tracking.rate.limit.requests").description("Ingestion requests by rate-limit decision")
                .tag("result", result).register(registry);
    }

    @Override
    public RateLimitDecision tryConsume(UUID systemId, int events, RateLimit limit) {
        Optional<List<?>> result = breaker.call(() -> redis.execute(TAKE, List.of("ratelimit:" + systemId),
                String.valueOf(limit.perSecond()), String.valueOf(limit.burst()), String.valueOf(events)));
        if (result.isEmpty() || result.get().size() != 2
                || !(result.get().get(0) instanceof Number allowedFlag) || !(result.get().get(1) instanceof Number left)) {
            notEnforced.increment();   // Redis skipped, failing, or (never seen) answering something else
            return RateLimitDecision.notEnforced(limit);
        }
        boolean taken = allowedFlag.longValue() == 1;
        (taken ? allowed : limited).increment();
        return RateLimitDecision.of(taken, limit, left.longValue(), events);
    }
}
