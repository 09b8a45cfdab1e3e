package com.volcanion.tracking.api;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Keeps the spans the service finishes in memory, where tests can read them, instead of sending them by OTLP. */
@TestConfiguration(proxyBeanMethods = false)
public class SpanCapture {

    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
        return InMemorySpanExporter.create();
    }
}
