package com.volcanion.tracking.api.config;

import com.volcanion.tracking.api.web.AdminToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Decides the admin token. In production (a {@code spring.datasource.url} is configured) the service refuses
 * to start without {@code TRACKING_ADMIN_TOKEN}. In the embedded default it falls back to the development
 * token documented in README.md, and says so (without printing it).
 */
@Configuration(proxyBeanMethods = false)
class AdminTokenConfiguration {

    static final String DEVELOPMENT_TOKEN = "dev-admin-token";
    static final int MIN_PRODUCTION_LENGTH = 16;
    private static final Logger log = LoggerFactory.getLogger(AdminTokenConfiguration.class);

    @Bean
    AdminToken adminToken(TrackingProperties properties, Environment environment) {
        String configured = properties.adminToken();
        boolean production = environment.containsProperty("spring.datasource.url");
        if (configured != null && !configured.isBlank()) {
            if (production && configured.length() < MIN_PRODUCTION_LENGTH) {
                throw new IllegalStateException("TRACKING_ADMIN_TOKEN must be at least " + MIN_PRODUCTION_LENGTH
                        + " characters when a database is configured");
            }
            return new AdminToken(configured);
        }
        if (production) {
            throw new IllegalStateException(
                    "TRACKING_ADMIN_TOKEN (tracking.admin-token) must be set when a database is configured");
        }
        log.warn("No TRACKING_ADMIN_TOKEN set: the embedded default accepts the development admin token "
                + "documented in README.md. Never expose this instance.");
        return new AdminToken(DEVELOPMENT_TOKEN);
    }
}
