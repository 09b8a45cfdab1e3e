package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.query.CacheEntry;
import com.volcanion.tracking.application.query.StatisticsCache;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.TimeInterval;
import com.volcanion.tracking.application.query.StatisticsView;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import com.volcanion.tracking.infrastructure.testing.InfrastructureIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The statistics cache's two guarantees, and what it makes of an entry it cannot read, on the real Redis. */
@InfrastructureIT
class RedisStatisticsCacheIT {

    @Autowired
    RedisStatisticsCache cache;
    @Autowired
    StatisticsCacheGenerations generations;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisApiKeyCache apiKeys;
    @Autowired
    CircuitBreaker redisBreaker;

    private final UUID partnerId = UUID.randomUUID();
    private final GetStatisticsQuery query = new GetStatisticsQuery(partnerId, Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"), null, null, TimeInterval.HOUR);

    @Test
    void anAnswerComputedAcrossAChangeToThePartnerIsNeverServedAfterIt() {
        CacheEntry<StatisticsView> before = cache.lookup(query);
        assertThat(before.cached()).isEmpty();

        generations.onPartnerEvent(new PartnerEvent.SystemRenamed(partnerId, UUID.randomUUID(), "New name", Set.of()));
        before.store(view(41));   // computed from the data before the change

        assertThat(cache.lookup(query).cached()).as("the answer was stored under the generation its lookup read").isEmpty();
        CacheEntry<StatisticsView> after = cache.lookup(query);
        after.store(view(42));
        assertThat(cache.lookup(query).cached()).hasValueSatisfying(v -> assertThat(v.totalEvents()).isEqualTo(42));
    }

    @Test
    void anAnswerExpiresWithinTheStalenessBoundCountedFromTheLookupBeforeItsComputation() throws Exception {
        CacheEntry<StatisticsView> entry = cache.lookup(query);
        Thread.sleep(1_000);   // a slow computation
        entry.store(view(7));

        Set<String> keys = redis.keys("stats:" + partnerId + ":*");
        assertThat(keys).hasSize(1);
        assertThat(redis.getExpire(keys.iterator().next(), TimeUnit.MILLISECONDS)).isPositive().isLessThanOrEqualTo(9_000);
    }

    /**
     * Redis answered; what it held is not what this version writes (another version's entry, a hand-made one):
     * a miss, computed again and replaced, and Redis is not "failing" for any adapter.
     */
    @Test
    void anEntryThisVersionCannotReadIsAMissAndDoesNotOpenRedisBreaker() {
        cache.lookup(query).store(view(5));
        Set<String> keys = redis.keys("stats:" + partnerId + ":*");
        redis.opsForValue().set(keys.iterator().next(), "{\"expiresAtEpochMillis\": \"soon\"}");
        String keyHash = "0".repeat(64);
        redis.opsForValue().set(RedisApiKeyCache.PREFIX + keyHash, "not json", Duration.ofMinutes(1));

        CacheEntry<StatisticsView> entry = cache.lookup(query);
        assertThat(entry.cached()).isEmpty();
        assertThat(apiKeys.get(keyHash)).isEmpty();
        assertThat(redisBreaker.isOpen()).isFalse();

        entry.store(view(6));
        assertThat(cache.lookup(query).cached()).hasValueSatisfying(v -> assertThat(v.totalEvents()).isEqualTo(6));
    }

    private StatisticsView view(long total) {
        return new StatisticsView(query.from(), query.to(), total, total, 0, 1, List.of(), List.of(), List.of());
    }
}
