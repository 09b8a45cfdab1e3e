package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.DomainRuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueryRulesTest {

    @Test
    void aCursorSurvivesItsOpaqueForm() {
        EventCursor cursor = new EventCursor(Instant.parse("2026-11-24T10:00:00.123456Z"), 42);

        assertThat(EventCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(cursor.encode()).doesNotContain(":").doesNotContain("=");
    }

    @Test
    void aGarbageCursorIsAClientError() {
        for (String garbage : new String[]{"garbage", "", "djE6YWJjOjE", "!!!", "djI6MTox"}) {
            assertThatThrownBy(() -> EventCursor.decode(garbage))
                    .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }

    @Test
    void limitsArePages1To1000() {
        assertThatThrownBy(() -> query(0)).isInstanceOf(DomainRuleViolation.class);
        assertThatThrownBy(() -> query(1001)).isInstanceOf(DomainRuleViolation.class);
        assertThat(query(1000).limit()).isEqualTo(1000);
    }

    @Test
    void statisticsRangesAreRoundedToWholeHours() {
        var query = new GetStatisticsQuery(UUID.randomUUID(), Instant.parse("2026-11-24T10:59:59Z"),
                Instant.parse("2026-11-24T12:00:01Z"), null, null, GetStatisticsQuery.Interval.HOUR);

        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThatThrownBy(() -> new GetStatisticsQuery(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-11-24T10:00:00Z"), null, null, GetStatisticsQuery.Interval.DAY))
                .isInstanceOf(DomainRuleViolation.class);
    }

    private static FindEventsQuery query(int limit) {
        return new FindEventsQuery(FindEventsQuery.Scope.PARTNER, UUID.randomUUID(), null, null, null, null, null,
                null, null, limit, null);
    }

    @Test
    void aNulCharacterInAFilterIsAClientError() {
        assertThatThrownBy(() -> new FindEventsQuery(FindEventsQuery.Scope.PARTNER, UUID.randomUUID(), null, null, null,
                "u\u0000", null, null, null, 10, null)).isInstanceOfSatisfying(DomainRuleViolation.class,
                e -> assertThat(e.field()).isEqualTo("userId"));
        assertThatThrownBy(() -> new GetStatisticsQuery(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-11-24T12:00:00Z"), null, "E\u0000", GetStatisticsQuery.Interval.HOUR))
                .isInstanceOf(DomainRuleViolation.class);
    }
}
