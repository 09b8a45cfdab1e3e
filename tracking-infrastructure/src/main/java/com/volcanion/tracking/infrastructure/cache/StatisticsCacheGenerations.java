package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Invalidates a partner's cached statistics, on every node at once, by bumping a generation number in Redis
 * ({@code stats:gen:{partnerId}}) that every cached answer's key contains. Bumped after any committed change to
 * the partner (its systems, its event structures) and, at most once per {@link #STALENESS}, after events of
 * the partner are projected: a cached answer never lags the read model by more than that.
 */
@Component
public class StatisticsCacheGenerations {

    static final Duration STALENESS = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(StatisticsCacheGenerations.class);

    private final StringRedisTemplate redis;
    private final Map<UUID, Long> lastBumpNanos = new ConcurrentHashMap<>();

    public StatisticsCacheGenerations(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The partner's current generation; "0" before any change (or while Redis is unreachable). */
    public String current(UUID partnerId) {
        String generation = redis.opsForValue().get(key(partnerId));
        return generation == null ? "0" : generation;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onPartnerEvent(PartnerEvent event) {
        bump(event.partnerId());
    }

    /** Called inside the projector's transaction: bumps, after its commit, the partners not bumped lately. */
    public void afterCommitEventsProjected(Set<UUID> partnerIds) {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                long now = System.nanoTime();
                for (UUID partnerId : partnerIds) {
                    Long last = lastBumpNanos.get(partnerId);
                    if (last == null || now - last >= STALENESS.toNanos()) {
                        bump(partnerId);
                    }
                }
            }
        });
    }

    private void bump(UUID partnerId) {
        lastBumpNanos.put(partnerId, System.nanoTime());
        try {
            redis.opsForValue().increment(key(partnerId));
        } catch (RuntimeException e) {
            log.warn("Could not invalidate cached statistics of partner {}: {}", partnerId, e.toString());
        }
    }

    private static String key(UUID partnerId) {
        return "stats:gen:" + partnerId;
    }
}
