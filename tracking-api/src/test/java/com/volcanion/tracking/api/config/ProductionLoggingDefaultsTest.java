package com.volcanion.tracking.api.config;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class ProductionLoggingDefaultsTest {

    private final ProductionLoggingDefaults defaults = new ProductionLoggingDefaults();

    @Test
    void logsJsonWhenADatabaseIsConfigured() {
        var environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/tracking");

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("ecs");
    }

    @Test
    void keepsReadableTextInTheEmbeddedDefault() {
        var environment = new MockEnvironment();

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.structured.format.console")).isNull();
    }

    @Test
    void leavesAnExplicitFormatAlone() {
        var environment = new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/tracking")
                .withProperty("logging.structured.format.console", "logstash");

        defaults.postProcessEnvironment(environment, new SpringApplication());

        assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
    }
}
