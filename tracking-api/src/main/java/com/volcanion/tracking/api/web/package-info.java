/**
 * Cross-cutting HTTP concerns: the correlation id filter, admin authentication, and MVC configuration.
 * Failures are thrown as exceptions and rendered by {@code error.ProblemDetailsAdvice}.
 */
package com.volcanion.tracking.api.web;
