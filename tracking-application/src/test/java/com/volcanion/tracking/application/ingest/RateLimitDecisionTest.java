package com.volcanion.tracking.application.ingest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitDecisionTest {

    @Test
    void aBucketHoldsTwoSecondsWorthAndAtLeastOneFullBatch() {
        assertThat(RateLimit.of(1000).burst()).isEqualTo(2000);
        assertThat(RateLimit.of(5).burst()).isEqualTo(1000);
    }

    @Test
    void aRefusedRequestIsToldWhenItsEventsWillFit() {
        var decision = RateLimitDecision.of(false, RateLimit.of(10), 3, 50);

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.retryAfterSeconds()).isEqualTo(5);   // 47 missing events at 10 per second
        assertThat(decision.resetSeconds()).isEqualTo(100);      // 997 to refill
    }

    @Test
    void anAllowedRequestNeedsNoRetry() {
        var decision = RateLimitDecision.of(true, RateLimit.of(100), 900, 100);

        assertThat(decision.retryAfterSeconds()).isZero();
        assertThat(decision.resetSeconds()).isEqualTo(1);
        assertThat(decision.enforced()).isTrue();
        assertThat(RateLimitDecision.notEnforced(RateLimit.of(100)).enforced()).isFalse();
    }
}
