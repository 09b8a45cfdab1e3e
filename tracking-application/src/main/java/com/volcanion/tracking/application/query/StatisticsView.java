package com.volcanion.tracking.application.query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Statistics as docs/api.md describes them. {@code uniqueUsers} is a HyperLogLog estimate of distinct
 * coalesce(userId, anonymousId) (standard error 1.6%; exact in practice below a few hundred).
 */
public record StatisticsView(Instant from, Instant to, long totalEvents, long validEvents, long invalidEvents,
                             long uniqueUsers, List<EventNameCount> byEventName, List<SystemCount> bySystem,
                             List<TimeBucket> timeSeries) {

    public record EventNameCount(String eventName, long count, long invalidCount) {
    }

    public record SystemCount(UUID systemId, String systemName, long count) {
    }

    public record TimeBucket(Instant bucketStart, long count, long invalidCount) {
    }
}
