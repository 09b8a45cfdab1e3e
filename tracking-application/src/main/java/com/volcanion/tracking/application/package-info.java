/**
 * Use cases of Volcanion Tracking: one handler per command or query, and in {@code port} every interface
 * the handlers need from the outside world. Depends on the domain only: no web, JPA, JDBC or Redis types.
 */
package com.volcanion.tracking.application;
