package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.event.EventTime;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/** A question about one partner's persons over [from, to), optionally of one system. */
public sealed interface AnalyticsQuery permits FunnelQuery, RetentionQuery, SessionsQuery {

    UUID partnerId();

    Instant from();

    Instant to();

    UUID systemId();

    /**
     * A range bound as events are compared with it: moved into {@link EventTime}'s span and up to the microsecond
     * (events are kept to the microsecond, so an event is at or after a bound exactly when it is at or after this).
     */
    static Instant bound(Instant instant) {
        Instant clamped = EventTime.clamp(instant);
        Instant micros = clamped.truncatedTo(ChronoUnit.MICROS);
        return micros.equals(clamped) ? micros : micros.plus(1, ChronoUnit.MICROS);
    }

    static void requireOrdered(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new DomainRuleViolation("from", "must be before to");
        }
    }

    /** An event name a question names: not blank, storable, as long as an event name may be. */
    static String eventName(String field, String name) {
        if (name == null || name.isBlank()) {
            throw new DomainRuleViolation(field, "must name an event");
        }
        return Require.storable(field, name, 200);
    }

    /** A duration a question names: longer than 0, at most {@code longest}, whole microseconds (as events are kept). */
    static Duration duration(String field, Duration duration, Duration longest) {
        Objects.requireNonNull(duration, field);
        if (duration.isNegative() || duration.isZero() || duration.compareTo(longest) > 0) {
            throw new DomainRuleViolation(field, "must be longer than 0 and at most "
                    + (longest.toHours() % 24 == 0 ? "P" + longest.toDays() + "D" : longest.toString()));
        }
        if (duration.getNano() % 1000 != 0) {
            throw new DomainRuleViolation(field, "must be a whole number of microseconds");
        }
        return duration;
    }
}
