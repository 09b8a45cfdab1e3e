package com.volcanion.tracking.infrastructure;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** The Spring context of infrastructure integration tests: every adapter, no web layer. */
@SpringBootApplication
public class InfrastructureTestApplication {

    /** The application gets its registry from Actuator, which this module does not have. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }
}
