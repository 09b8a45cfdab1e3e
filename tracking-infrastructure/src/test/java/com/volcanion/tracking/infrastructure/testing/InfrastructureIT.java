package com.volcanion.tracking.infrastructure.testing;

import com.volcanion.tracking.infrastructure.InfrastructureTestApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An infrastructure integration test on the shared real PostgreSQL and Redis. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = InfrastructureTestApplication.class, properties = "tracking.embedded.enabled=false")
@Import(TestServersConfiguration.class)
public @interface InfrastructureIT {
}
