/** Wiring: the handlers as beans, the clock, the service's own configuration properties, and the log format of each running mode. */
package com.volcanion.tracking.api.config;
