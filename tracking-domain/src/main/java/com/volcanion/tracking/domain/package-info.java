/**
 * The domain model of Volcanion Tracking: partners, their systems and event structures, API keys and
 * tracking events. Plain Java only (no Spring, JPA or Jackson): aggregates guard their invariants and
 * record the domain events that caches and read models must hear about.
 */
package com.volcanion.tracking.domain;
