/** What keeps a dead dependency (PostgreSQL, Redis) from costing every request its timeout. Plain Java. */
package com.volcanion.tracking.infrastructure.resilience;
