package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.domain.partner.SystemType;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import com.volcanion.tracking.infrastructure.testing.InfrastructureIT;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The API-key cache as two nodes see it over the real Redis: this context's cache is node A, and node B is a second
 * cache with its own subscription and memory. B answers from memory, and forgets an eviction made on A as soon as
 * Redis delivers it; a node that does not hear the others does not answer from memory at all.
 */
@InfrastructureIT
class RedisApiKeyCacheIT {

    @Autowired
    RedisApiKeyCache nodeA;
    @Autowired
    StringRedisTemplate redis;
    @Autowired
    RedisConnectionFactory connections;
    @Autowired
    JsonMapper json;

    private RedisChannels channelsOfB;
    private RedisApiKeyCache nodeB;
    private final String hash = HexFormat.of().formatHex(randomBytes());
    private final SystemCredential credential = new SystemCredential(UUID.randomUUID(), UUID.randomUUID(),
            SystemType.WEBSITE, true, true, List.of(), null, null);

    @BeforeEach
    void startNodeB() {
        channelsOfB = new RedisChannels(redis, connections);
        nodeB = new RedisApiKeyCache(redis, json, new CacheMetrics(new SimpleMeterRegistry()),
                new CircuitBreaker("redis of B", Duration.ofSeconds(5), "-", new SimpleMeterRegistry()), channelsOfB);
    }

    @AfterEach
    void stopNodeB() throws Exception {
        channelsOfB.destroy();
    }

    @Test
    void anotherNodeAnswersFromMemoryAndForgetsAnEvictionMadeElsewhereAtOnce() {
        listen(channelsOfB);
        nodeA.put(hash, credential, Duration.ofMinutes(5));
        assertThat(nodeB.get(hash)).hasValue(credential);

        redis.delete(RedisApiKeyCache.PREFIX + hash);   // behind everybody's back: no signal
        assertThat(nodeB.get(hash)).as("answered from B's memory, without Redis").hasValue(credential);

        nodeA.evict(List.of(hash));
        await().atMost(Duration.ofSeconds(1)).until(() -> nodeB.get(hash).isEmpty());
    }

    @Test
    void aNodeThatDoesNotHearTheOthersAnswersFromRedisEveryTime() {
        nodeA.put(hash, credential, Duration.ofMinutes(5));
        assertThat(channelsOfB.isListening()).isFalse();
        assertThat(nodeB.get(hash)).hasValue(credential);

        redis.delete(RedisApiKeyCache.PREFIX + hash);

        assertThat(nodeB.get(hash)).as("nothing was remembered: B could miss an eviction").isEmpty();
    }

    /**
     * A request that read the database just before a deactivation writes the old credential back into Redis after the
     * eviction, and another node remembers it: the eviction's second pass deletes it again and every node forgets it.
     */
    @Test
    void aStaleCredentialWrittenBackAfterAnEvictionIsForgottenEverywhereAtTheSecondPass() {
        listen(channelsOfB);
        nodeA.put(hash, credential, Duration.ofMinutes(5));
        nodeA.evict(List.of(hash));
        redis.opsForValue().set(RedisApiKeyCache.PREFIX + hash, json.writeValueAsString(credential), Duration.ofMinutes(5));
        assertThat(nodeB.get(hash)).hasValue(credential);

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            nodeA.retryPendingEvictions();   // what the scheduler runs every second
            return nodeB.get(hash).isEmpty();
        });
    }

    private static void listen(RedisChannels channels) {
        channels.subscribe();
        await().atMost(Duration.ofSeconds(5)).until(channels::isListening);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
