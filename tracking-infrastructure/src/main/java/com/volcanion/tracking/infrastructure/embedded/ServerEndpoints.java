package com.volcanion.tracking.infrastructure.embedded;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/** Where a PostgreSQL and a Redis listen, in the form Spring Boot's auto-configuration takes. */
public record ServerEndpoints(String jdbcUrl, String username, String password, String redisHost, int redisPort) {

    public JdbcConnectionDetails jdbcConnectionDetails() {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return username;
            }

            @Override
            public String getPassword() {
                return password;
            }

            @Override
            public String getJdbcUrl() {
                return jdbcUrl;
            }
        };
    }

    public DataRedisConnectionDetails redisConnectionDetails() {
        return new DataRedisConnectionDetails() {
            @Override
            public Standalone getStandalone() {
                return Standalone.of(redisHost, redisPort);
            }
        };
    }
}
