package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.application.query.TimeInterval;

import java.time.Instant;
import java.util.List;

/**
 * Retention's answer: one cohort per period of the range, oldest first (empty ones included, size 0).
 * {@code returned[0]} is the cohort's size; {@code returned[k]} counts its persons with a return event in the
 * k-th period after the cohort's.
 */
public record RetentionView(TimeInterval period, List<Cohort> cohorts) {

    public record Cohort(Instant cohortStart, long size, List<Long> returned) {
    }
}
