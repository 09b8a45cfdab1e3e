package com.volcanion.tracking.infrastructure.readmodel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * A streaming replica the query, statistics and analytics APIs read from ({@code tracking.read-datasource.*};
 * docs/operations.md, "Scale out"). Unset {@code url}: every read goes to {@code spring.datasource.*}.
 *
 * @param url           the replica's JDBC URL
 * @param username      its user
 * @param password      its password
 * @param maxLag        how far behind the primary the replica may replay and still be read from; past it, reads go to
 *                      the primary until it has caught up
 * @param probeInterval how often each node checks that the replica answers and measures its lag
 * @param poolSize      connections to the replica
 */
@ConfigurationProperties("tracking.read-datasource")
public record ReadDataSourceProperties(String url, String username, String password,
                                       @DefaultValue("5s") Duration maxLag, @DefaultValue("1s") Duration probeInterval,
                                       @DefaultValue("10") int poolSize) {

    boolean configured() {
        return url != null && !url.isBlank();
    }
}
