package com.volcanion.tracking.domain.event;

import com.volcanion.tracking.domain.DomainRuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrackingEventTest {

    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:10Z");

    @Test
    void correctsTheClientsClockSkewWhenSentAtIsGiven() {
        // the client's clock runs 1 hour fast: it says it sent at 11:00:02 an event of 11:00:00
        Instant corrected = TrackingEvent.correctedTimestamp(
                Instant.parse("2026-11-24T11:00:00Z"), Instant.parse("2026-11-24T11:00:02Z"), RECEIVED);

        assertThat(corrected).isEqualTo(Instant.parse("2026-11-24T10:00:08Z"));
    }

    @Test
    void trustsTheTimestampWhenSentAtIsMissing() {
        Instant timestamp = Instant.parse("2026-11-24T09:00:00Z");

        assertThat(TrackingEvent.correctedTimestamp(timestamp, null, RECEIVED)).isEqualTo(timestamp);
    }

    @Test
    void usesTheReceiveTimeWhenTheEventHasNoTimestamp() {
        assertThat(TrackingEvent.correctedTimestamp(null, Instant.parse("2026-11-24T11:00:02Z"), RECEIVED))
                .isEqualTo(RECEIVED);
    }

    @Test
    void isValidExactlyWhenItHasNoValidationErrors() {
        assertThat(anEvent(List.of()).valid()).isTrue();
        assertThat(anEvent(List.of(new ValidationError("$.total", "required"))).valid()).isFalse();
    }

    @Test
    void refusesAnEventNameLongerThan200Characters() {
        assertThatThrownBy(() -> new TrackingEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "m-1",
                EventType.TRACK, "x".repeat(201), RECEIVED, null, null, RECEIVED, null, null, "{}", null, List.of(), null, null))
                .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("eventName"));
    }

    @Test
    void refusesClientTimesOutsideTheStorableSpanAndACorrectionThatLeavesIt() {
        Instant year0 = Instant.parse("0000-01-01T00:00:00Z");
        Instant year10000 = Instant.parse("+10000-01-01T00:00:00Z");
        assertThatThrownBy(() -> TrackingEvent.correctedTimestamp(year0, null, RECEIVED))
                .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("timestamp"));
        assertThatThrownBy(() -> TrackingEvent.correctedTimestamp(RECEIVED, year10000, RECEIVED))
                .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("sentAt"));
        assertThatThrownBy(() -> TrackingEvent.correctedTimestamp(Instant.MIN, Instant.MAX, RECEIVED))
                .isInstanceOf(DomainRuleViolation.class);
        assertThatThrownBy(() -> TrackingEvent.correctedTimestamp(EventTime.EARLIEST,
                Instant.parse("9999-12-31T23:59:59Z"), RECEIVED)).isInstanceOf(DomainRuleViolation.class);
        assertThat(TrackingEvent.correctedTimestamp(EventTime.EARLIEST, null, RECEIVED)).isEqualTo(EventTime.EARLIEST);
    }

    @Test
    void refusesIdsThatCannotBeStoredExactlyAndCountsLengthsInCharactersNotUtf16Units() {
        assertThatThrownBy(() -> withIds("sur-\ud800", null)).isInstanceOfSatisfying(DomainRuleViolation.class,
                e -> assertThat(e.field()).isEqualTo("messageId"));
        assertThatThrownBy(() -> withIds("m", "\udc00x")).isInstanceOfSatisfying(DomainRuleViolation.class,
                e -> assertThat(e.field()).isEqualTo("userId"));
        assertThatThrownBy(() -> withIds("nul\u0000", null)).isInstanceOf(DomainRuleViolation.class);
        String hundredEmoji = "\ud83d\ude00".repeat(100);   // 100 characters, 200 UTF-16 units
        assertThat(withIds(hundredEmoji, null).messageId()).isEqualTo(hundredEmoji);
        assertThatThrownBy(() -> withIds(hundredEmoji + "x", null)).isInstanceOf(DomainRuleViolation.class);
    }

    private static TrackingEvent withIds(String messageId, String userId) {
        return new TrackingEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), messageId, EventType.TRACK, "Signed Up",
                RECEIVED, null, null, RECEIVED, userId, null, "{}", null, List.of(), null, null);
    }

    private static TrackingEvent anEvent(List<ValidationError> errors) {
        return new TrackingEvent(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "m-1", EventType.TRACK, "Signed Up",
                RECEIVED, null, null, RECEIVED, "u-1", null, "{}", null, errors, errors.isEmpty() ? null : 1, "c-1");
    }
}
