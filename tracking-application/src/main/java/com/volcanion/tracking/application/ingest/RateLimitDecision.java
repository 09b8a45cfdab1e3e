package com.volcanion.tracking.application.ingest;

/**
 * The answer of the rate limiter for one request.
 *
 * @param allowed           whether the request's events may be taken
 * @param enforced          false when the buckets could not be reached and the request passed unchecked
 * @param limit             the bucket's size in events
 * @param remaining         events the bucket still holds after this request
 * @param resetSeconds      seconds until the bucket is full again
 * @param retryAfterSeconds for a refused request, seconds until it can pass; 0 otherwise
 */
public record RateLimitDecision(boolean allowed, boolean enforced, int limit, long remaining, long resetSeconds,
                                long retryAfterSeconds) {

    /** A request let through unchecked, because the shared buckets are unreachable. */
    public static RateLimitDecision notEnforced(RateLimit limit) {
        return new RateLimitDecision(true, false, limit.burst(), limit.burst(), 0, 0);
    }

    /** The decision for a bucket that held {@code remaining} events after the attempt. */
    public static RateLimitDecision of(boolean allowed, RateLimit limit, long remaining, int requested) {
        long reset = ceilDiv(limit.burst() - remaining, limit.perSecond());
        long retryAfter = allowed ? 0 : Math.max(1, ceilDiv(requested - remaining, limit.perSecond()));
        return new RateLimitDecision(allowed, true, limit.burst(), remaining, reset, retryAfter);
    }

    private static long ceilDiv(long amount, int perSecond) {
        return amount <= 0 ? 0 : (amount + perSecond - 1) / perSecond;
    }
}
