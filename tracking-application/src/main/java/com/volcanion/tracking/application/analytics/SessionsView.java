package com.volcanion.tracking.application.analytics;

import java.time.Instant;
import java.util.List;

/**
 * Sessions' answer. Durations are last event minus first event, in seconds; a bounce is a one-event session. The
 * averages, the median and the bounce rate are null when there is no session. {@code timeSeries} lists every bucket
 * of the range, empty ones included.
 */
public record SessionsView(long sessions, Double averageDurationSeconds, Double medianDurationSeconds,
                           Double averageEventsPerSession, Double bounceRate, List<Bucket> timeSeries) {

    public record Bucket(Instant bucketStart, long sessions) {
    }
}
