package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.domain.DomainRuleViolation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A funnel of 2 to 10 steps (event names, a name may repeat). A person enters at their first event of the first
 * step in [from, to); they reach step k with the earliest event of step k's name at or after the event that reached
 * step k-1 and at most {@code window} after the entering event; when step k's name is that of an earlier step, the
 * event must be later than the event that reached it (one event reaches one step).
 */
public record FunnelQuery(UUID partnerId, Instant from, Instant to, UUID systemId, List<String> steps,
                          Duration window) implements AnalyticsQuery {

    public static final int MIN_STEPS = 2;
    public static final int MAX_STEPS = 10;
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(14);
    public static final Duration MAX_WINDOW = Duration.ofDays(90);

    public FunnelQuery {
        Objects.requireNonNull(partnerId, "partnerId");
        from = AnalyticsQuery.bound(Objects.requireNonNull(from, "from"));
        to = AnalyticsQuery.bound(Objects.requireNonNull(to, "to"));
        AnalyticsQuery.requireOrdered(from, to);
        if (steps == null || steps.size() < MIN_STEPS || steps.size() > MAX_STEPS) {
            throw new DomainRuleViolation("step", "must be given " + MIN_STEPS + " to " + MAX_STEPS + " times, once per step");
        }
        steps = steps.stream().map(step -> AnalyticsQuery.eventName("step", step)).toList();
        window = AnalyticsQuery.duration("window", window, MAX_WINDOW);
    }
}
