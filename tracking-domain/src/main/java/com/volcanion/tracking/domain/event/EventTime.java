package com.volcanion.tracking.domain.event;

import com.volcanion.tracking.domain.DomainRuleViolation;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The span of time an event may be placed in: from 1900 to the end of year 9999 (UTC). Wider than any real
 * event, narrow enough that every value, and the difference of any two, is storable and computable. A client
 * clock reset to 1970 is still inside it.
 */
public final class EventTime {

    public static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    /** Exclusive. */
    public static final Instant END = Instant.parse("+10000-01-01T00:00:00Z");

    private EventTime() {
    }

    public static boolean isWithinRange(Instant instant) {
        return !instant.isBefore(EARLIEST) && instant.isBefore(END);
    }

    /** Fails when a client's time lies outside the span; null passes. Returns the instant. */
    public static Instant require(String field, Instant instant) {
        if (instant != null && !isWithinRange(instant)) {
            throw new DomainRuleViolation(field, "must be between " + EARLIEST + " and " + END + " (exclusive)");
        }
        return instant;
    }

    /** The instant to the microsecond, the precision events are kept in; null stays null. */
    public static Instant toMicros(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The instant moved into the span: a query bound of year 1 or 20000 asks about every event there is. */
    public static Instant clamp(Instant instant) {
        if (instant == null) {
            return null;
        }
        return instant.isBefore(EARLIEST) ? EARLIEST : instant.isBefore(END) ? instant : END;
    }
}
