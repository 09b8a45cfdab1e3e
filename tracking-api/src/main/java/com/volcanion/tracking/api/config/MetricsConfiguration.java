package com.volcanion.tracking.api.config;

import io.prometheus.metrics.tracer.common.SpanContext;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code tracking.metrics.exemplars=false} ({@code TRACKING_METRICS_EXEMPLARS=false}) takes every trace exemplar out of
 * {@code /actuator/prometheus}. Spring Boot links the registry to the current span through a {@link SpanContext} bean
 * of its own, made only when none exists; this one never has a sampled span, so no exemplar is ever kept. (Exemplars are
 * on {@code _bucket} and {@code _total} lines only, as OpenMetrics 1.0 allows, by
 * {@code management.prometheus.metrics.export.properties} in application.properties: see docs/operations.md.)
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

    @Bean
    @ConditionalOnBooleanProperty(name = "tracking.metrics.exemplars", havingValue = false)
    SpanContext noExemplarSpanContext() {
        return new SpanContext() {
            @Override
            public String getCurrentTraceId() {
                return null;
            }

            @Override
            public String getCurrentSpanId() {
                return null;
            }

            @Override
            public boolean isCurrentSpanSampled() {
                return false;
            }

            @Override
            public void markCurrentSpanAsExemplar() {
            }
        };
    }
}
