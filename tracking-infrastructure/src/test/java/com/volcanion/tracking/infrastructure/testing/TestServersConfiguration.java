package com.volcanion.tracking.infrastructure.testing;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Points a test's Spring context at {@link TestServers}. Import it and set
 * {@code tracking.embedded.enabled=false} (the {@code @TrackingIntegrationTest} annotations do both).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestServersConfiguration {

    @Bean
    JdbcConnectionDetails testJdbcConnectionDetails() {
        return TestServers.endpoints().jdbcConnectionDetails();
    }

    @Bean
    DataRedisConnectionDetails testRedisConnectionDetails() {
        return TestServers.endpoints().redisConnectionDetails();
    }
}
