package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.DomainRuleViolation;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

/**
 * The buckets of a time series, in UTC whatever the server's zone: hours, days, ISO weeks (Monday 00:00) and
 * calendar months. An answer holds at most {@link #MAX_BUCKETS} of them.
 */
public enum TimeInterval {
    HOUR(ChronoUnit.HOURS), DAY(ChronoUnit.DAYS), WEEK(ChronoUnit.WEEKS), MONTH(ChronoUnit.MONTHS);

    public static final int MAX_BUCKETS = 10_000;

    private final ChronoUnit unit;

    TimeInterval(ChronoUnit unit) {
        this.unit = unit;
    }

    /** The start of the bucket holding the instant. */
    public Instant bucketOf(Instant instant) {
        ZonedDateTime day = instant.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return switch (this) {
            case HOUR -> instant.truncatedTo(ChronoUnit.HOURS);
            case DAY -> day.toInstant();
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toInstant();
            case MONTH -> day.withDayOfMonth(1).toInstant();
        };
    }

    /** The start of the bucket {@code buckets} after the one starting at {@code bucketStart}. */
    public Instant plus(Instant bucketStart, long buckets) {
        return bucketStart.atZone(ZoneOffset.UTC).plus(buckets, unit).toInstant();
    }

    /** How many buckets {@code later}'s bucket lies after {@code earlier}'s (both bucket starts). */
    public long between(Instant earlierBucket, Instant laterBucket) {
        return unit.between(earlierBucket.atZone(ZoneOffset.UTC), laterBucket.atZone(ZoneOffset.UTC));
    }

    /** How many buckets [from, to) touches (from before to). */
    public long bucketsOf(Instant from, Instant to) {
        return between(bucketOf(from), bucketOf(to.minusNanos(1))) + 1;
    }

    /** The unit PostgreSQL's {@code date_trunc} names this bucket by (its weeks also start on Monday). */
    public String sqlUnit() {
        return name().toLowerCase();
    }

    /**
     * Fails, naming {@code field}, when [from, to) holds more than {@link #MAX_BUCKETS} buckets: the message names the
     * finest coarser interval that fits.
     */
    public void requireAtMostMaxBuckets(String field, Instant from, Instant to) {
        long buckets = bucketsOf(from, to);
        if (buckets <= MAX_BUCKETS) {
            return;
        }
        String advice = "narrow the range";
        for (TimeInterval coarser : values()) {
            if (coarser.compareTo(this) > 0 && coarser.bucketsOf(from, to) <= MAX_BUCKETS) {
                advice = "use " + field + " " + coarser + " or narrow the range";
                break;
            }
        }
        throw new DomainRuleViolation(field, "the range holds " + buckets + " " + name() + " buckets, more than "
                + MAX_BUCKETS + ": " + advice);
    }
}
