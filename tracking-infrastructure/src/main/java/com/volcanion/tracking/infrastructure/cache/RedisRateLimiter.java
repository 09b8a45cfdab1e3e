package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.RateLimit;
import com.volcanion.tracking.application.ingest.RateLimitDecision;
import com.volcanion.tracking.application.ingest.RateLimiter;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * One token bucket per system in Redis ({@code ratelimit:{systemId}}), updated by a Lua script on Redis's own
 * clock, so every node draws from the same bucket. While Redis is unreachable the limit is not enforced
 * (ingestion must not fail because a cache is down); Redis's circuit breaker keeps a dead Redis from costing each
 * request its timeout. {@code tracking_rate_limit_requests_total{result=allowed|limited|not_enforced}}.
 * <p>
 * <b>Leases.</b> A node that keeps using up what it takes takes more at a time: each time its previous lease of a
 * system's tokens ran out within {@link #LEASE_TTL}, it asks for twice as many extra tokens, up to
 * {@link #maxLease 50 ms of the system's rate}, and spends them locally without asking Redis; after a lease that
 * expired first, it asks for just what the request needs. The tokens a lease did not spend go back into the
 * bucket with the node's next round trip for that system. Tokens are taken from the shared bucket before they are
 * spent, so a system never gets more than its limit across nodes. The cost is on the other side: the tokens a node
 * holds are not available to the others meanwhile, so near its limit a system can be refused by one node while
 * each other node holds at most {@code maxLease} of its tokens. {@code tracking_rate_limit_leases_total} counts the
 * round trips to Redis.
 */
@Component
class RedisRateLimiter implements RateLimiter {

    /** How long a node spends the tokens it took; what is left then goes back with its next round trip. */
    static final Duration LEASE_TTL = Duration.ofMillis(250);

    /**
     * KEYS[1] the bucket; ARGV: refill per second, size, returned, needed, wanted. Puts back {@code returned} unspent
     * tokens, then takes {@code wanted} (at most what the bucket holds) when it holds {@code needed}. Returns
     * {allowed (1/0), events left, tokens taken}.
     */
    private static final RedisScript<List> TAKE = new DefaultRedisScript<>("""
            local now = redis.call('TIME')
            local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
            local rate, size = tonumber(ARGV[1]), tonumber(ARGV[2])
            local returned, needed, wanted = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1]) or size
            local at = tonumber(state[2]) or nowMs
            tokens = math.min(size, tokens + math.max(0, nowMs - at) * rate / 1000 + returned)
            local allowed, taken = 0, 0
            if tokens >= needed then
              allowed = 1
              taken = math.min(wanted, math.floor(tokens))
              tokens = tokens - taken
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(nowMs))
            redis.call('PEXPIRE', KEYS[1], math.ceil((size - tokens) * 1000 / rate) + 1000)
            return {allowed, math.floor(tokens), taken}
            """, List.class);

    private final StringRedisTemplate redis;
    private final CircuitBreaker breaker;
    private final Counter allowed;
    private final Counter limited;
    private final Counter notEnforced;
    private final Counter leasesTaken;
    private final Cache<UUID, Lease> leases = Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(1))
            .maximumSize(100_000).build();
    private final LongSupplier nanoTime;

    @Autowired
    RedisRateLimiter(StringRedisTemplate redis, CircuitBreaker redisBreaker, MeterRegistry registry) {
        this(redis, redisBreaker, registry, System::nanoTime);
    }

    RedisRateLimiter(StringRedisTemplate redis, CircuitBreaker redisBreaker, MeterRegistry registry, LongSupplier nanoTime) {
        this.redis = redis;
        this.breaker = redisBreaker;
        this.nanoTime = nanoTime;
        this.allowed = counter(registry, "allowed");
        this.limited = counter(registry, "limited");
        this.notEnforced = counter(registry, "not_enforced");
        this.leasesTaken = Counter.builder("tracking.rate.limit.leases")
                .description("Round trips to the shared token buckets (each takes a lease of tokens)").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("tracking.rate.limit.requests").description("Ingestion requests by rate-limit decision")
                .tag("result", result).register(registry);
    }

    /** The most tokens a node takes beyond what a request needs: 50 ms of the system's rate. */
    static int maxLease(RateLimit limit) {
        return Math.max(1, limit.perSecond() / 20);
    }

    @Override
    public RateLimitDecision tryConsume(UUID systemId, int events, RateLimit limit) {
        Lease lease = leases.get(systemId, id -> new Lease());
        lease.lock.lock();
        try {
            long now = nanoTime.getAsLong();
            if (lease.tokens >= events && now - lease.expiresAtNanos < 0) {
                lease.tokens -= events;
                allowed.increment();
                return RateLimitDecision.of(true, limit, lease.bucketLeft + lease.tokens, events);
            }
            boolean usedUpInTime = lease.expiresAtNanos != 0 && now - lease.expiresAtNanos < 0;
            int extra = usedUpInTime ? (int) Math.min(maxLease(limit), Math.max(1, 2L * lease.extra)) : 0;
            long unspent = lease.tokens;
            Optional<List<?>> result = breaker.call(() -> redis.execute(TAKE, List.of("ratelimit:" + systemId),
                    String.valueOf(limit.perSecond()), String.valueOf(limit.burst()), String.valueOf(unspent),
                    String.valueOf(events), String.valueOf((long) events + extra)));
            if (result.isEmpty() || result.get().size() != 3 || !(result.get().get(0) instanceof Number allowedFlag)
                    || !(result.get().get(1) instanceof Number left) || !(result.get().get(2) instanceof Number taken)) {
                notEnforced.increment();   // Redis skipped, failing, or (never seen) answering something else
                return RateLimitDecision.notEnforced(limit);
            }
            leasesTaken.increment();
            lease.bucketLeft = left.longValue();
            lease.tokens = 0;   // given back
            if (allowedFlag.longValue() != 1) {
                lease.expiresAtNanos = 0;
                limited.increment();
                return RateLimitDecision.of(false, limit, lease.bucketLeft, events);
            }
            lease.tokens = taken.longValue() - events;
            lease.extra = (int) lease.tokens;
            lease.expiresAtNanos = now + LEASE_TTL.toNanos();
            allowed.increment();
            return RateLimitDecision.of(true, limit, lease.bucketLeft + lease.tokens, events);
        } finally {
            lease.lock.unlock();
        }
    }

    /** The tokens this node took from one system's bucket and has not spent yet. */
    private static final class Lease {

        final Lock lock = new ReentrantLock();
        long tokens;
        /** The tokens the last lease took beyond its request's need. */
        int extra;
        long expiresAtNanos;
        /** What the shared bucket held after the last lease. */
        long bucketLeft;
    }
}
