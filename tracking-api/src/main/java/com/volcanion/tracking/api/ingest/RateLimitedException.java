package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.RateLimitDecision;

/** A system's token bucket does not hold the request's events: answered 429 with Retry-After. */
public class RateLimitedException extends RuntimeException {

    private final transient RateLimitDecision decision;

    RateLimitedException(RateLimitDecision decision) {
        super("rate limited");
        this.decision = decision;
    }

    public RateLimitDecision decision() {
        return decision;
    }
}
