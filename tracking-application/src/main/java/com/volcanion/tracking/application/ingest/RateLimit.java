package com.volcanion.tracking.application.ingest;

/**
 * A token bucket: refilled at {@code perSecond} events per second, holding at most {@code burst} events. The
 * bucket holds at least one full batch (1000 events), so that every acceptable request can pass eventually.
 */
public record RateLimit(int perSecond, int burst) {

    static final int MIN_BURST = 1000;

    public RateLimit {
        if (perSecond < 1 || burst < 1) {
            throw new IllegalArgumentException("a rate limit is positive");
        }
    }

    /** The bucket of a system allowed {@code perSecond} events per second: two seconds' worth, at least a batch. */
    public static RateLimit of(int perSecond) {
        return new RateLimit(perSecond, Math.max(MIN_BURST, (int) Math.min(Integer.MAX_VALUE, 2L * perSecond)));
    }
}
