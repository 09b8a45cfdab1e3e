package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.application.ingest.ApiKeyCache;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
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
 * eviction everywhere). A circuit breaker skips Redis for a while after a failure. An eviction Redis could not
 * take is remembered and retried every second; until then this node ignores what Redis holds for that hash.
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
    private final UnknownApiKeys unknownKeys = new UnknownApiKeys(UNKNOWN_KEYS_CAPACITY, UNKNOWN_KEY_TTL, System::nanoTime);

    public RedisApiKeyCache(StringRedisTemplate redis, JsonMapper json, CacheMetrics metrics) {
        this.redis = redis;
        this.json = json;
        this.metrics = metrics;
        this.breaker = new CircuitBreaker(Duration.ofSeconds(5));
    }

    @Override
    public Optional<SystemCredential> get(String keyHash) {
        if (pendingEvictions.contains(keyHash) || !breaker.tryAcquire()) {
            metrics.apiKeyMiss();
            return Optional.empty();
        }
        try {
            String cached = redis.opsForValue().get(PREFIX + keyHash);
            breaker.recordSuccess();
            if (cached == null) {
                metrics.apiKeyMiss();
                return Optional.empty();
            }
            metrics.apiKeyHit();
            return Optional.of(json.readValue(cached, SystemCredential.class));
        } catch (RuntimeException e) {
            failed("read", e);
            metrics.apiKeyMiss();
            return Optional.empty();
        }
    }

    @Override
    public void put(String keyHash, SystemCredential credential, Duration ttl) {
        if (pendingEvictions.contains(keyHash) || !breaker.tryAcquire()) {
            return;
        }
        try {
            redis.opsForValue().set(PREFIX + keyHash, json.writeValueAsString(credential), ttl);
            breaker.recordSuccess();
        } catch (RuntimeException e) {
            failed("write", e);
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
        try {
            redis.delete(hashes.stream().map(hash -> PREFIX + hash).toList());
            hashes.forEach(pendingEvictions::remove);
            breaker.recordSuccess();
        } catch (RuntimeException e) {
            failed("evict (will retry)", e);
        }
    }

    private void failed(String operation, RuntimeException e) {
        boolean wasOpen = breaker.isOpen();
        breaker.recordFailure();
        if (!wasOpen) {
            log.warn("Redis unavailable for API-key cache {}; using the database for 5 s: {}", operation, e.toString());
        }
    }
}
