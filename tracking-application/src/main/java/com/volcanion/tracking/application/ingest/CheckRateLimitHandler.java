package com.volcanion.tracking.application.ingest;


/**
 * Charges a request's events to its system's token bucket: a batch of 100 costs 100. The system's own
 * {@code rateLimitPerSecond} applies, or the service's default.
 */
public class CheckRateLimitHandler {

    private final RateLimiter limiter;
    private final int defaultPerSecond;

    public CheckRateLimitHandler(RateLimiter limiter, int defaultPerSecond) {
        this.limiter = limiter;
        this.defaultPerSecond = defaultPerSecond;
    }

    public RateLimitDecision handle(SystemCredential system, int events) {
        int perSecond = system.rateLimitPerSecond() != null ? system.rateLimitPerSecond() : defaultPerSecond;
        return limiter.tryConsume(system.systemId(), events, RateLimit.of(perSecond));
    }
}
