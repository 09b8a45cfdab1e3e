package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.analytics.AnalyticsCache;
import com.volcanion.tracking.application.analytics.AnalyticsQuery;
import com.volcanion.tracking.application.analytics.PersonsLinked;
import com.volcanion.tracking.application.analytics.SessionsQuery;
import com.volcanion.tracking.application.query.CacheEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Analytics answers in Redis ({@link RedisAnswerCache}), under a key holding the partner's statistics generation (a
 * change to its systems or structures), its persons generation ({@code analytics:persons:{partnerId}}, bumped after
 * the projector commits new identity links: a person changed, so funnels and retention may change; sessions, keyed by
 * visitor, leave it out) and a digest of the
 * question's every parameter.
 */
@Component
public class RedisAnalyticsCache implements AnalyticsCache {

    private static final Logger log = LoggerFactory.getLogger(RedisAnalyticsCache.class);

    private final RedisAnswerCache answers;
    private final StatisticsCacheGenerations generations;
    private final StringRedisTemplate redis;
    private final JsonMapper json;

    RedisAnalyticsCache(RedisAnswerCache answers, StatisticsCacheGenerations generations, StringRedisTemplate redis,
                        JsonMapper json) {
        this.answers = answers;
        this.generations = generations;
        this.redis = redis;
        this.json = json;
    }

    @Override
    public <V> CacheEntry<V> lookup(AnalyticsQuery query, Class<V> answerType) {
        return answers.lookup("analytics", () -> key(query), answerType);
    }

    /** Tried whatever Redis's breaker says, as a partner change is: answers expire within the bound in any case. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onPersonsLinked(PersonsLinked event) {
        try {
            redis.opsForValue().increment(personsKey(event.partnerId()));
        } catch (RuntimeException e) {
            log.warn("Could not invalidate cached analytics of partner {} (they expire within the staleness bound): {}",
                    event.partnerId(), e.toString());
        }
    }

    private String key(AnalyticsQuery query) {
        String persons = query instanceof SessionsQuery ? "-"   // sessions are a visitor's, whoever it is linked to
                : Objects.requireNonNullElse(redis.opsForValue().get(personsKey(query.partnerId())), "0");
        return "analytics:" + query.partnerId() + ":g" + generations.current(query.partnerId()) + ":p" + persons + ":"
                + digest(query);
    }

    /** Every parameter, with the kind of question: two questions share a digest only when they are the same. */
    private String digest(AnalyticsQuery query) {
        try {
            byte[] canonical = (query.getClass().getSimpleName() + json.writeValueAsString(query))
                    .getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String personsKey(UUID partnerId) {
        return "analytics:persons:" + partnerId;
    }
}
