package com.volcanion.tracking.infrastructure.embedded;

import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Active when no {@code spring.datasource.url} is configured (and {@code tracking.embedded.enabled} is not
 * false): starts {@link EmbeddedServers} with data under {@code tracking.embedded.data-dir} and points
 * Spring Boot's DataSource and Redis client at them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "redis.embedded.RedisServer"})
@Conditional(EmbeddedServersConfiguration.NoDatabaseConfigured.class)
@EnableConfigurationProperties(EmbeddedProperties.class)
public class EmbeddedServersConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedServers embeddedServers(EmbeddedProperties properties) {
        return EmbeddedServers.start(properties.dataDir());
    }

    @Bean
    JdbcConnectionDetails embeddedJdbcConnectionDetails(EmbeddedServers servers) {
        return servers.endpoints().jdbcConnectionDetails();
    }

    @Bean
    DataRedisConnectionDetails embeddedRedisConnectionDetails(EmbeddedServers servers) {
        return servers.endpoints().redisConnectionDetails();
    }

    /** True when the configuration names no database and embedded mode is not switched off. */
    static class NoDatabaseConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var environment = context.getEnvironment();
            boolean enabled = Binder.get(environment).bind("tracking.embedded", EmbeddedProperties.class)
                    .map(EmbeddedProperties::enabled).orElse(true);
            return !environment.containsProperty("spring.datasource.url") && enabled;
        }
    }
}
