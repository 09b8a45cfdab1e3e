package com.volcanion.tracking.api.config;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Chooses the log format by running mode, before logging starts: in the production configuration (a
 * {@code spring.datasource.url} is configured) the console writes one JSON object per line (Elastic Common
 * Schema, with the MDC's {@code correlationId}, {@code traceId} and {@code spanId}), ready for a log shipper;
 * the embedded default keeps Spring Boot's readable text. An explicit {@code logging.structured.format.console}
 * wins either way, because this source comes last.
 */
class ProductionLoggingDefaults implements EnvironmentPostProcessor {

    static final String FORMAT_PROPERTY = "logging.structured.format.console";
    static final String PRODUCTION_FORMAT = "ecs";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.containsProperty("spring.datasource.url") && !environment.containsProperty(FORMAT_PROPERTY)) {
            environment.getPropertySources().addLast(new MapPropertySource("trackingProductionLogging",
                    Map.of(FORMAT_PROPERTY, PRODUCTION_FORMAT)));
        }
    }
}
