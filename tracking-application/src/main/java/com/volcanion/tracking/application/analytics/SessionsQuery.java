package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.application.query.TimeInterval;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Sessions whose first event lies in [from, to): runs of one visitor's events (keyed by anonymousId, else userId)
 * with no gap longer than {@code inactivity}, counted per bucket of their first event.
 */
public record SessionsQuery(UUID partnerId, Instant from, Instant to, UUID systemId, TimeInterval interval,
                            Duration inactivity) implements AnalyticsQuery {

    public static final Duration DEFAULT_INACTIVITY = Duration.ofMinutes(30);
    public static final Duration MAX_INACTIVITY = Duration.ofDays(1);

    public SessionsQuery {
        Objects.requireNonNull(partnerId, "partnerId");
        from = AnalyticsQuery.bound(Objects.requireNonNull(from, "from"));
        to = AnalyticsQuery.bound(Objects.requireNonNull(to, "to"));
        AnalyticsQuery.requireOrdered(from, to);
        Objects.requireNonNull(interval, "interval");
        interval.requireAtMostMaxBuckets("interval", from, to);
        inactivity = AnalyticsQuery.duration("inactivity", inactivity, MAX_INACTIVITY);
    }
}
