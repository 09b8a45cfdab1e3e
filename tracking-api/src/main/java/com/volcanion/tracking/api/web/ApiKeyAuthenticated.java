package com.volcanion.tracking.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a controller whose every request carries a system's API key, which the controller authenticates itself
 * (ingestion). It is the only way out of {@link AdminAuthorization}: any other handler under {@code /api} needs an
 * admin credential.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ApiKeyAuthenticated {
}
