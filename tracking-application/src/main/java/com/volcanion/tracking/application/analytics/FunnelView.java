package com.volcanion.tracking.application.analytics;

import java.time.Instant;
import java.util.List;

/**
 * A funnel's answer: per step, the persons who reached it, as fractions of the first step's and of the previous
 * step's (1 for the first step; 0 when the step before reached nobody), and the median time from the previous step
 * (null for the first step and when nobody reached it). {@code window} is an ISO-8601 duration.
 */
public record FunnelView(Instant from, Instant to, String window, List<Step> steps) {

    public record Step(String eventName, long persons, double conversionFromFirst, double conversionFromPrevious,
                       Double medianSecondsFromPrevious) {
    }
}
