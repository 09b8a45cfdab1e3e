package com.volcanion.tracking.api.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks what only the operator may do: a handler method (or every method of a controller), or a field of a request
 * body that a partner token may not set (a partner token that sends it gets 403). Everything else under
 * {@code /api} is open to a partner token on its own partner: see {@link AdminAuthorization}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.RECORD_COMPONENT})
public @interface OperatorOnly {
}
