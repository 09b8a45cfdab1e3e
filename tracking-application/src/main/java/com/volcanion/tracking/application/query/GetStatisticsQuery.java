package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.event.EventTime;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * Statistics of one partner over [from, to), optionally of one system or one event name. Statistics are kept
 * per hour: {@code from} is rounded down and {@code to} up to whole hours (UTC), and the answer says which range
 * it covers. Any range is accepted whose time series holds at most {@link TimeInterval#MAX_BUCKETS} buckets.
 */
public record GetStatisticsQuery(UUID partnerId, Instant from, Instant to, UUID systemId, String eventName,
                                 TimeInterval interval) {

    public GetStatisticsQuery {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(interval, "interval");
        from = EventTime.clamp(from).truncatedTo(ChronoUnit.HOURS);
        to = EventTime.clamp(to);
        Instant hourOfTo = to.truncatedTo(ChronoUnit.HOURS);
        to = hourOfTo.equals(to) ? to : hourOfTo.plus(Duration.ofHours(1));
        if (!from.isBefore(to)) {
            throw new DomainRuleViolation("from", "must be before to");
        }
        interval.requireAtMostMaxBuckets("interval", from, to);
        if (eventName != null && eventName.isBlank()) {
            throw new DomainRuleViolation("eventName", "must not be blank; leave it out for every event name");
        }
        Require.storable("eventName", eventName);
    }
}
