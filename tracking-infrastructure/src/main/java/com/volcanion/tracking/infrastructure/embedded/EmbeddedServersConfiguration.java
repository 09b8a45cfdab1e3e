package com.volcanion.tracking.infrastructure.embedded;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.nio.file.Path;

/**
 * Active when no {@code spring.datasource.url} is configured (and {@code tracking.embedded.enabled} is not
 * false): starts {@link EmbeddedServers} with data under {@code tracking.embedded.data-dir} and points
 * Spring Boot's DataSource and Redis client at them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = {"io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "redis.embedded.RedisServer"})
@Conditional(EmbeddedServersConfiguration.NoDatabaseConfigured.class)
public class EmbeddedServersConfiguration {

    @Bean(destroyMethod = "close")
    EmbeddedServers embeddedServers(@Value("${tracking.embedded.data-dir:./data/postgres}") String dataDirectory) {
        return EmbeddedServers.start(Path.of(dataDirectory));
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
            return !environment.containsProperty("spring.datasource.url")
                    && environment.getProperty("tracking.embedded.enabled", Boolean.class, true);
        }
    }
}
