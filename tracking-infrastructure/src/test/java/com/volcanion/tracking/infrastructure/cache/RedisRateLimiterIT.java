package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.RateLimit;
import com.volcanion.tracking.application.ingest.RateLimitDecision;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import com.volcanion.tracking.infrastructure.testing.InfrastructureIT;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Leases of tokens on the real Redis, with each node's clock in the test's hands: across nodes a system never gets
 * more than its bucket allows, what a lease did not spend goes back, and a busy node asks Redis far less often than
 * once a request.
 */
@InfrastructureIT
class RedisRateLimiterIT {

    @Autowired
    StringRedisTemplate redis;

    private final AtomicLong clock = new AtomicLong(System.nanoTime());

    @Test
    void oneNodeNeverAllowsMoreThanTheBucketGives() {
        RedisRateLimiter node = node(new SimpleMeterRegistry());
        UUID system = UUID.randomUUID();
        RateLimit limit = RateLimit.of(1000);   // bucket 2000, leases of at most 50 extra tokens

        long started = System.nanoTime();
        int allowed = 0;
        for (int i = 0; i < 3000; i++) {
            if (node.tryConsume(system, 1, limit).allowed()) {
                allowed++;
            }
        }
        long refilled = (System.nanoTime() - started) * limit.perSecond() / 1_000_000_000L + 1;   // Redis's clock runs

        assertThat(allowed).as("the bucket's 2000 tokens and what it refilled meanwhile, and no more")
                .isBetween(2000 - RedisRateLimiter.maxLease(limit), (int) (2000 + refilled));
    }

    /** An empty batch costs nothing and passes, whatever the node holds (it shows whether limits are enforced). */
    @Test
    void anEmptyRequestPassesEvenWhenTheBucketIsEmpty() {
        RedisRateLimiter node = node(new SimpleMeterRegistry());
        UUID system = UUID.randomUUID();
        RateLimit limit = new RateLimit(1, 1000);
        assertThat(node.tryConsume(system, 1000, limit).allowed()).isTrue();
        clock.addAndGet(RedisRateLimiter.LEASE_TTL.toNanos() * 2);

        RateLimitDecision empty = node.tryConsume(system, 0, limit);

        assertThat(empty.allowed()).isTrue();
        assertThat(empty.enforced()).isTrue();
        assertThat(node.tryConsume(system, 5, limit).allowed()).isFalse();
    }

    @Test
    void aBusyNodeAsksRedisOnceForManyRequests() {
        MeterRegistry registry = new SimpleMeterRegistry();
        RedisRateLimiter node = node(registry);
        UUID system = UUID.randomUUID();

        for (int i = 0; i < 1500; i++) {
            assertThat(node.tryConsume(system, 1, RateLimit.of(1000)).allowed()).isTrue();
        }

        // leases of 1, 2, 4 ... 50 extra tokens: 1500 requests cost about 35 round trips
        assertThat(registry.get("tracking.rate.limit.leases").counter().count()).isLessThan(50);
    }

    /**
     * Generated traffic from three nodes whose clocks move on at random, asking for four times what the bucket holds:
     * every allowed event was first taken from the shared bucket, so all nodes together never allow more than the
     * bucket gave; and they are refused only once it is nearly empty (each node holds at most one lease aside).
     */
    @Test
    void acrossNodesASystemGetsWhatItsBucketGivesAndNoMore() {
        RateLimit limit = new RateLimit(1, 1000);   // refills one event a second of Redis's time: hardly at all here
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            List<RedisRateLimiter> nodes = List.of(node(new SimpleMeterRegistry()), node(new SimpleMeterRegistry()),
                    node(new SimpleMeterRegistry()));
            UUID system = UUID.randomUUID();
            long started = System.nanoTime();
            long allowedEvents = 0;
            for (int request = 0; request < 400; request++) {
                int events = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
                clock.addAndGet(random.nextInt(3) == 0 ? RedisRateLimiter.LEASE_TTL.toNanos() : 1_000);
                RateLimitDecision decision = nodes.get(random.nextInt(3)).tryConsume(system, events, limit);
                assertThat(decision.enforced()).isTrue();
                if (decision.allowed()) {
                    allowedEvents += events;
                }
            }
            long refilled = Duration.ofNanos(System.nanoTime() - started).toSeconds() + 1;
            assertThat(allowedEvents).as("seed %d", seed)
                    .isLessThanOrEqualTo(limit.burst() + refilled * limit.perSecond())
                    .isGreaterThanOrEqualTo(limit.burst() - 3L * RedisRateLimiter.maxLease(limit) - 40);
        }
    }

    @Test
    void aSystemWellBelowItsLimitIsNeverRefusedHoweverItsRequestsAreSpreadOverNodes() {
        List<RedisRateLimiter> nodes = List.of(node(new SimpleMeterRegistry()), node(new SimpleMeterRegistry()));
        UUID system = UUID.randomUUID();
        RateLimit limit = new RateLimit(1, 1000);   // a bucket of 1000 that refills very slowly
        Random random = new Random(7);
        int events = 0;
        while (events < 900) {   // 90 % of the bucket, in requests of 1..10 events on either node
            int size = 1 + random.nextInt(10);
            clock.addAndGet(random.nextBoolean() ? RedisRateLimiter.LEASE_TTL.toNanos() * 2 : 1_000);
            assertThat(nodes.get(random.nextInt(2)).tryConsume(system, size, limit).allowed())
                    .as("after %d events", events).isTrue();
            events += size;
        }
    }

    private RedisRateLimiter node(MeterRegistry registry) {
        return new RedisRateLimiter(redis, new CircuitBreaker("redis", Duration.ofSeconds(5), "-", registry), registry,
                clock::get);
    }
}
