package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.Problems;
import com.volcanion.tracking.application.ingest.RateLimitDecision;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/**
 * A system's token bucket does not hold the request's events: answered 429 with {@code Retry-After} and the
 * {@code RateLimit-*} headers. Nothing was stored; SDKs retry 429.
 */
public class RateLimitedException extends ErrorResponseException {

    RateLimitedException(RateLimitDecision decision) {
        super(HttpStatus.TOO_MANY_REQUESTS, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "This system sends more events than its rate limit allows; nothing was stored. Retry after "
                        + decision.retryAfterSeconds() + " s.", null), null);
        getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(decision.retryAfterSeconds()));
        RateLimitHeaders.write(decision, getHeaders()::set);
    }
}
