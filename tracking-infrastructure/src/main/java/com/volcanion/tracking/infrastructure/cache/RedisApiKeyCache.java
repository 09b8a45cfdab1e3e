package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.application.ingest.ApiKeyCache;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code apikey:{sha256}} → credential as JSON, in Redis, shared by every node (so an eviction here is an
 * eviction everywhere). Redis's circuit breaker skips Redis for a while after a failure. Evictions are tried whatever
 * the breaker says, and neither consult nor move it; one Redis could not take is remembered and retried every
 * second, and until then this node ignores what Redis holds for that hash.
 * Every eviction is repeated once {@link #SECOND_PASS} later, so a request that read the database just before
 * the change cannot leave its stale answer cached for an hour.
 * <p>
 * In front of Redis, each node keeps what it read from Redis in memory for at most {@link #LOCAL_TTL}, so that most
 * requests cost no round trip. An eviction is published on {@value #EVICTED_CHANNEL} ({@link RedisChannels}) and
 * every node forgets the hashes at once. This memory is used only while the node is subscribed and Redis's
 * breaker is closed, and emptied at each (re)subscription: a node that may have missed an eviction reads Redis or
 * the database instead. Remembering is skipped when an eviction arrived while the entry was being read from Redis,
 * so a read that began before an eviction cannot keep the revoked credential.
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
    static final String EVICTED_CHANNEL = "tracking:api-keys-evicted";
    /** The bound on a node's memory of a credential, should it miss an eviction while it believed it was listening. */
    static final Duration LOCAL_TTL = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(RedisApiKeyCache.class);

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final CircuitBreaker breaker;
    private final Set<String> pendingEvictions = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> secondPassDueNanos = new ConcurrentHashMap<>();
    private final CacheMetrics metrics;
    private volatile boolean evictionFailureLogged;
    private final UnknownApiKeys unknownKeys = new UnknownApiKeys(UNKNOWN_KEYS_CAPACITY, UNKNOWN_KEY_TTL, System::nanoTime);
    private final RedisChannels channels;
    private final Cache<String, SystemCredential> local = Caffeine.newBuilder()
            .expireAfterWrite(LOCAL_TTL).maximumSize(UNKNOWN_KEYS_CAPACITY).build();
    /** Guards {@link #localEvictions} with the puts into {@link #local} that depend on it. */
    private final Lock localLock = new ReentrantLock();
    private long localEvictions;

    public RedisApiKeyCache(StringRedisTemplate redis, JsonMapper json, CacheMetrics metrics, CircuitBreaker redisBreaker,
                            RedisChannels channels) {
        this.redis = redis;
        this.json = json;
        this.metrics = metrics;
        this.breaker = redisBreaker;
        this.channels = channels;
        channels.listen(EVICTED_CHANNEL, hashes -> forgetLocally(List.of(hashes.split(","))), this::forgetAllLocally);
    }

    @Override
    public Optional<SystemCredential> get(String keyHash) {
        if (pendingEvictions.contains(keyHash)) {
            metrics.apiKeyMiss();
            return Optional.empty();
        }
        boolean localTrusted = channels.isListening() && !breaker.isOpen();
        SystemCredential remembered = localTrusted ? local.getIfPresent(keyHash) : null;
        if (remembered != null) {
            metrics.apiKeyHit();
            return Optional.of(remembered);
        }
        long evictionsBefore = localEvictions();
        Optional<SystemCredential> credential = breaker.call(() -> redis.opsForValue().get(PREFIX + keyHash))
                .flatMap(this::decode);
        if (credential.isPresent()) {
            metrics.apiKeyHit();
            if (localTrusted) {
                rememberLocally(keyHash, credential.get(), evictionsBefore);
            }
        } else {
            metrics.apiKeyMiss();
        }
        return credential;
    }

    private long localEvictions() {
        localLock.lock();
        try {
            return localEvictions;
        } finally {
            localLock.unlock();
        }
    }

    /** Remembers what Redis held unless an eviction came since it was read (it may have been about this very key). */
    private void rememberLocally(String keyHash, SystemCredential credential, long evictionsBefore) {
        localLock.lock();
        try {
            if (localEvictions == evictionsBefore && !pendingEvictions.contains(keyHash)) {
                local.put(keyHash, credential);
            }
        } finally {
            localLock.unlock();
        }
    }

    private void forgetLocally(Collection<String> keyHashes) {
        localLock.lock();
        try {
            localEvictions++;
            local.invalidateAll(keyHashes);
        } finally {
            localLock.unlock();
        }
    }

    private void forgetAllLocally() {
        localLock.lock();
        try {
            localEvictions++;
            local.invalidateAll();
        } finally {
            localLock.unlock();
        }
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
        forgetLocally(keyHashes);
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

    /**
     * Deletes what earlier evictions could not, and tells every node to forget it; runs every second until Redis has
     * taken them all.
     */
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
            redis.convertAndSend(EVICTED_CHANNEL, String.join(",", hashes));
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
