package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.RateLimitDecision;

import java.util.function.BiConsumer;

/**
 * The {@code RateLimit-Limit} (bucket size in events), {@code RateLimit-Remaining} (events it still holds) and
 * {@code RateLimit-Reset} (seconds until it is full) headers of the IETF rate-limit headers draft. Nothing is
 * written for a request that passed unchecked while the buckets were unreachable.
 */
public final class RateLimitHeaders {

    private RateLimitHeaders() {
    }

    public static void write(RateLimitDecision decision, BiConsumer<String, String> header) {
        if (!decision.enforced()) {
            return;
        }
        header.accept("RateLimit-Limit", String.valueOf(decision.limit()));
        header.accept("RateLimit-Remaining", String.valueOf(Math.max(0, decision.remaining())));
        header.accept("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
    }
}
