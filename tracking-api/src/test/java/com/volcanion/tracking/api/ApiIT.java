package com.volcanion.tracking.api;

import com.volcanion.tracking.infrastructure.testing.TestServersConfiguration;
import org.springframework.boot.micrometer.metrics.test.autoconfigure.AutoConfigureMetrics;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An HTTP test of the whole service on a real port, backed by the shared real PostgreSQL and Redis.
 * Every class with this annotation shares one Spring context. The scheduled projector and background jobs are off:
 * read-side and lifecycle tests call them directly. Metrics are on, every trace is sampled and its finished spans kept in memory ({@link SpanCapture}), and every
 * exchange is checked against the service's OpenAPI description ({@link OpenApiContractConfiguration}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tracking.embedded.enabled=false", "tracking.projector.enabled=false", "tracking.jobs.enabled=false",
                "tracking.admin-token=" + ApiTestSupport.ADMIN_TOKEN,
                "tracking.statistics.cache.max-staleness=" + ApiTestSupport.STATISTICS_MAX_STALENESS_SECONDS + "s",
                "management.opentelemetry.tracing.export.schedule-delay=50ms",
                "management.tracing.sampling.probability=1.0"})
@AutoConfigureMockMvc
@AutoConfigureMetrics
@AutoConfigureTracing
@Import({TestServersConfiguration.class, SpanCapture.class, OpenApiContractConfiguration.class})
public @interface ApiIT {
}
