package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.application.query.TimeInterval;
import com.volcanion.tracking.domain.DomainRuleViolation;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Retention cohorts: a person's cohort is the period (UTC; weeks start on Monday) of their first
 * {@code startEvent} in [from, to); the answer counts, for each of {@code periods} periods from the cohort's on, its
 * persons with a {@code returnEvent} in that period (the cohort's own period counts the cohort).
 */
public record RetentionQuery(UUID partnerId, Instant from, Instant to, UUID systemId, String startEvent,
                             String returnEvent, TimeInterval period, int periods) implements AnalyticsQuery {

    public static final int DEFAULT_PERIODS = 8;
    public static final int MAX_PERIODS = 100;

    public RetentionQuery {
        Objects.requireNonNull(partnerId, "partnerId");
        from = AnalyticsQuery.bound(Objects.requireNonNull(from, "from"));
        to = AnalyticsQuery.bound(Objects.requireNonNull(to, "to"));
        AnalyticsQuery.requireOrdered(from, to);
        startEvent = AnalyticsQuery.eventName("startEvent", startEvent);
        returnEvent = AnalyticsQuery.eventName("returnEvent", returnEvent);
        Objects.requireNonNull(period, "period");
        if (period == TimeInterval.HOUR) {
            throw new DomainRuleViolation("period", "must be DAY, WEEK or MONTH");
        }
        if (periods < 1 || periods > MAX_PERIODS) {
            throw new DomainRuleViolation("periods", "must be between 1 and " + MAX_PERIODS);
        }
        period.requireAtMostMaxBuckets("period", from, to);
    }
}
