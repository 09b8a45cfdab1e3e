package com.volcanion.tracking.application.ingest;


import java.util.UUID;

/** Token buckets shared by every node: how many more events each system may send now. */
public interface RateLimiter {

    /**
     * Takes {@code events} tokens from the system's bucket if it holds that many, and tells what is left. When
     * the buckets cannot be reached the answer is {@link RateLimitDecision#notEnforced}: ingestion goes on.
     */
    RateLimitDecision tryConsume(UUID systemId, int events, RateLimit limit);
}
