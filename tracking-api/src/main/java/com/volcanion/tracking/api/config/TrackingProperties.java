package com.volcanion.tracking.api.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service's own settings, under {@code tracking.*}.
 *
 * @param adminToken the bearer token of the management and query APIs ({@code TRACKING_ADMIN_TOKEN});
 *                   required whenever a database is configured
 */
@ConfigurationProperties("tracking")
public record TrackingProperties(String adminToken) {
}
