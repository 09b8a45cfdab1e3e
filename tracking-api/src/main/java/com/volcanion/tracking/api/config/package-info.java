/** Wiring: the handlers as beans, the clock, and the service's own configuration properties. */
package com.volcanion.tracking.api.config;
