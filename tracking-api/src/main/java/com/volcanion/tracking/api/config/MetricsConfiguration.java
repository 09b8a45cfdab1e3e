package com.volcanion.tracking.api.config;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code tracking.metrics.exemplars=false} ({@code TRACKING_METRICS_EXEMPLARS=false}) takes the trace exemplars out of
 * {@code /actuator/prometheus}. Spring Boot attaches them whenever tracing is on, to histogram buckets and to the
 * {@code _count} of timers and summaries too; a Prometheus older than 2.43 asks for OpenMetrics and then refuses such
 * a scrape whole ("metric name ..._count does not support exemplars"), so it loses every metric. With this off, the
 * registry is Spring Boot's own, built without a span context (Spring Boot has no property for this).
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "tracking.metrics.exemplars", havingValue = false)
    PrometheusMeterRegistry prometheusMeterRegistryWithoutExemplars(PrometheusConfig config,
                                                                    PrometheusRegistry registry, Clock clock) {
        return new PrometheusMeterRegistry(config, registry, clock, null);
    }
}
