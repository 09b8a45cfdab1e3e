package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.util.UUID;

/**
 * Invalidates a partner's cached statistics, on every node at once, by bumping a generation number in Redis
 * ({@code stats:gen:{partnerId}}) that every cached answer's key contains. Bumped after any committed change to
 * the partner (its systems, its event structures). New events need no bump: a cached answer lives at most the
 * cache's staleness bound ({@link RedisStatisticsCache}).
 */
@Component
public class StatisticsCacheGenerations {

    private static final Logger log = LoggerFactory.getLogger(StatisticsCacheGenerations.class);

    private final StringRedisTemplate redis;

    public StatisticsCacheGenerations(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The partner's current generation; "0" before any change. Throws when Redis is unreachable. */
    public String current(UUID partnerId) {
        String generation = redis.opsForValue().get(key(partnerId));
        return generation == null ? "0" : generation;
    }

    /**
     * Tried whatever Redis's breaker says (and without moving it), so that a change shows at once wherever the cache
     * can be read.
     */
    @TransactionalEventListener(fallbackExecution = true)
    public void onPartnerEvent(PartnerEvent event) {
        try {
            redis.opsForValue().increment(key(event.partnerId()));
        } catch (RuntimeException e) {
            log.warn("Could not invalidate cached statistics of partner {} (they expire within the staleness bound): {}",
                    event.partnerId(), e.toString());
        }
    }

    private static String key(UUID partnerId) {
        return "stats:gen:" + partnerId;
    }
}
