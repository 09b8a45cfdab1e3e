/**
 * Every seam between the use cases and the outside world: interfaces that tracking-infrastructure
 * implements. Named by role (no Port suffix), taking and returning domain types or views.
 */
package com.volcanion.tracking.application.port;
