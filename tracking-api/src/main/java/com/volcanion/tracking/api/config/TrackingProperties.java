package com.volcanion.tracking.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * The settings of the service's web side, under {@code tracking.*}. The adapters' settings are records of their
 * own in tracking-infrastructure, under the same tree ({@code tracking.ingest.group-commit}, {@code tracking.projector},
 * {@code tracking.statistics.cache}, {@code tracking.embedded}); README.md lists every one.
 *
 * @param adminToken the bearer token of the management and query APIs ({@code TRACKING_ADMIN_TOKEN});
 *                   required whenever a database is configured
 * @param rateLimit  ingestion's token buckets
 * @param publicUrl  the service's address as clients reach it (scheme, host, port and path prefix), which the
 *                   settings document of analytics.js names; when unset, the address of each request (behind a proxy
 *                   or load balancer, set it, or {@code server.forward-headers-strategy})
 * @param metrics    what {@code /actuator/prometheus} carries
 */
@ConfigurationProperties("tracking")
public record TrackingProperties(String adminToken, @DefaultValue RateLimit rateLimit, URI publicUrl,
                                 @DefaultValue Metrics metrics) {

    public TrackingProperties {
        if (publicUrl != null && (publicUrl.getHost() == null || publicUrl.getQuery() != null
                || !("http".equals(publicUrl.getScheme()) || "https".equals(publicUrl.getScheme())))) {
            throw new IllegalArgumentException("tracking.public-url must be an http or https URL with a host and no "
                    + "query, like https://track.example; it is " + publicUrl);
        }
    }

    /**
     * @param defaultPerSecond events per second a system's key may send unless the system has its own
     *                         {@code rateLimitPerSecond}
     */
    public record RateLimit(@DefaultValue("1000") int defaultPerSecond) {
    }

    /**
     * @param exemplars whether metrics carry trace exemplars (the trace of a sampled request that made them, on
     *                  histogram buckets and counters); read by MetricsConfiguration's condition, bound here so that a
     *                  value that is not a boolean stops the start
     */
    public record Metrics(@DefaultValue("true") boolean exemplars) {
    }
}
