package com.volcanion.tracking.infrastructure;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The Spring context of infrastructure integration tests: every adapter, no web layer. */
@SpringBootApplication
public class InfrastructureTestApplication {
}
