package com.volcanion.tracking.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The settings of the service's web side, under {@code tracking.*}. The adapters' settings are records of their
 * own in tracking-infrastructure, under the same tree ({@code tracking.ingest.group-commit}, {@code tracking.projector},
 * {@code tracking.statistics.cache}, {@code tracking.embedded}); README.md lists every one.
 *
 * @param adminToken the bearer token of the management and query APIs ({@code TRACKING_ADMIN_TOKEN});
 *                   required whenever a database is configured
 * @param rateLimit  ingestion's token buckets
 */
@ConfigurationProperties("tracking")
public record TrackingProperties(String adminToken, @DefaultValue RateLimit rateLimit) {

    /**
     * @param defaultPerSecond events per second a system's key may send unless the system has its own
     *                         {@code rateLimitPerSecond}
     */
    public record RateLimit(@DefaultValue("1000") int defaultPerSecond) {
    }
}
