package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import io.lettuce.core.ClientOptions;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * While Redis is unreachable, commands fail at once instead of queueing until their timeout, and the one circuit
 * breaker of the one Redis, shared by every adapter that uses it, skips Redis altogether: a dead Redis costs
 * requests almost nothing.
 */
@Configuration(proxyBeanMethods = false)
class RedisClientConfiguration {

    @Bean
    LettuceClientOptionsBuilderCustomizer rejectCommandsWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    /** One Redis, one breaker: a failure seen by any adapter spares the others their own. */
    @Bean
    CircuitBreaker redisCircuitBreaker(MeterRegistry registry) {
        return new CircuitBreaker("redis", Duration.ofSeconds(5), "API keys are read from the database, statistics "
                + "computed every time and rate limits not enforced", registry);
    }
}
