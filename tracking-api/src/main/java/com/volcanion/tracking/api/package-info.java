/**
 * The HTTP face of Volcanion Tracking and the runnable application: controllers, filters, error mapping and
 * the wiring of handlers. Depends on tracking-application; tracking-infrastructure is present only at
 * runtime, so no controller can reach an adapter directly.
 */
package com.volcanion.tracking.api;
