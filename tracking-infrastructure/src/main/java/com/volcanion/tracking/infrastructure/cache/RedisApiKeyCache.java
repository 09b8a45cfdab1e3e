package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.application.ingest.ApiKeyCache;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code apikey:{sha256}} → credential as JSON, in Redis, shared by every node (so an eviction here is an
 * eviction everywhere). Redis's circuit breaker skips Redis for a while after a failure. Evictions are tried whatever
 * the breaker says, and neither consult nor move it; one Redis could not take is remembered and retried every
 * second, and until then this node ignores what Redis holds for that hash.
 * Every eviction is repeated once {@link #SECOND_PASS} later, so a request that read the database just before
 * the change cannot leave its stale answer cached for an hour.
 * <p>
 * Hashes that belong to no key are remembered on this node ({@link UnknownApiKeys}: {@value #UNKNOWN_KEYS_CAPACITY}
 * at most, 30 s each), counted as {@code tracking_cache_requests_total{cache="apikey",result="unknown"}}.
 */
@Component
public class RedisApiKeyCache implements ApiKeyCache {

    static final String PREFIX = "apikey:";
    static final Duration SECOND_PASS = Duration.ofSeconds(2);
    static final int UNKNOWN_KEYS_CAPACITY = 10_000;
    static final Duration UNKNOWN_KEY_TTL = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(RedisApiKeyCache.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final Set<String> pendingEvictions = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> secondPassDueNanos = new ConcurrentHashMap<>();
    private final CacheMetrics metrics;
    private volatile boolean evictionFailureLogged;
    private final UnknownApiKeys unknownKeys = new UnknownApiKeys(UNKNOWN_KEYS_CAPACITY, UNKNOWN_KEY_TTL, System::nanoTime);

    public RedisApiKeyCache(StringRedisTemplate redis, JsonMapper json, CacheMetrics metrics, CircuitBreaker redisBreaker) {
        this.redis = redis;
        this.json = json;
        this.metrics = metrics;
        this.breaker = redisBreaker;
    }

    @Override
    public Optional<SystemCredential> get(String keyHash) {
        Optional<SystemCredential> credential = pendingEvictions.contains(keyHash) ? Optional.empty()
                : breaker.call(() -> redis.opsForValue().get(PREFIX + keyHash)).flatMap(this::decode);
        if (credential.isPresent()) {
            metrics.apiKeyHit();
        } else {
            metrics.apiKeyMiss();
        }
        return credential;
    }

    /** An entry this version cannot read (written by another version, say) is a miss: the database answers. */
    private Optional<SystemCredential> decode(String cached) {
        try {
            return Optional.of(json.readValue(cached, SystemCredential.class));
        } catch (JacksonException e) {
            log.warn("Ignoring an API-key cache entry this version cannot read: {}", e.getOriginalMessage());
            return Optional.empty();
        }
    }

    @Override
    public void put(String keyHash, SystemCredential credential, Duration ttl) {
        if (!pendingEvictions.contains(keyHash)) {
            String value = json.writeValueAsString(credential);
            breaker.run(() -> redis.opsForValue().set(PREFIX + keyHash, value, ttl));
        }
    }

    @Override
    public void evict(Collection<String> keyHashes) {
        if (keyHashes.isEmpty()) {
            return;
        }
        unknownKeys.removeAll(keyHashes);
        pendingEvictions.addAll(keyHashes);
        long due = System.nanoTime() + SECOND_PASS.toNanos();
        keyHashes.forEach(hash -> secondPassDueNanos.put(hash, due));
        retryPendingEvictions();
    }

    @Override
    public boolean isKnownUnknown(String keyHash) {
        boolean unknown = unknownKeys.contains(keyHash);
        if (unknown) {
            metrics.apiKeyUnknown();
        }
        return unknown;
    }

    @Override
    public void rememberUnknown(String keyHash) {
        unknownKeys.add(keyHash);
    }

    /** Deletes what earlier evictions could not; runs every second until Redis has taken them all. */
    @Scheduled(fixedDelay = 1000)
    public void retryPendingEvictions() {
        long now = System.nanoTime();
        secondPassDueNanos.forEach((hash, due) -> {
            if (now - due >= 0 && secondPassDueNanos.remove(hash, due)) {
                pendingEvictions.add(hash);
            }
        });
        if (pendingEvictions.isEmpty()) {
            return;
        }
        List<String> hashes = List.copyOf(pendingEvictions);
        try {   // whatever the breaker says: a revoked key must leave every node's view at the earliest
            redis.delete(hashes.stream().map(hash -> PREFIX + hash).toList());
            hashes.forEach(pendingEvictions::remove);
            evictionFailureLogged = false;
        } catch (RuntimeException e) {
            if (!evictionFailureLogged) {
                log.warn("Redis refused to evict {} API-key hashes; this node ignores Redis for them and retries every "
                        + "second: {}", hashes.size(), e.toString());
                evictionFailureLogged = true;
            }
        }
    }
}
