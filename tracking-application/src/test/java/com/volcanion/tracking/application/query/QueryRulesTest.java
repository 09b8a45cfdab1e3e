package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.DomainRuleViolation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
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
                Instant.parse("2026-11-24T12:00:01Z"), null, null, TimeInterval.HOUR);

        assertThat(query.from()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
        assertThat(query.to()).isEqualTo(Instant.parse("2026-11-24T13:00:00Z"));
        assertThatThrownBy(() -> new GetStatisticsQuery(UUID.randomUUID(), Instant.parse("2026-11-24T10:00:00Z"),
                Instant.parse("2026-11-24T10:00:00Z"), null, null, TimeInterval.DAY))
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
                Instant.parse("2026-11-24T12:00:00Z"), null, "E\u0000", TimeInterval.HOUR))
                .isInstanceOf(DomainRuleViolation.class);
    }

    @Test
    void bucketsAreUtcHoursDaysIsoWeeksAndCalendarMonths() {
        Instant sunday = Instant.parse("2026-11-01T23:59:59.999999Z");
        assertThat(TimeInterval.WEEK.bucketOf(sunday)).isEqualTo(Instant.parse("2026-10-26T00:00:00Z"));
        assertThat(TimeInterval.WEEK.bucketOf(Instant.parse("2026-10-26T00:00:00Z"))).isEqualTo(Instant.parse("2026-10-26T00:00:00Z"));
        assertThat(TimeInterval.MONTH.bucketOf(sunday)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
        assertThat(TimeInterval.MONTH.plus(Instant.parse("2026-01-01T00:00:00Z"), 13)).isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(TimeInterval.DAY.bucketsOf(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"))).isEqualTo(1);
        assertThat(TimeInterval.DAY.bucketsOf(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00.000001Z"))).isEqualTo(2);
    }

    @Test
    void aStatisticsRangeMayHoldTenThousandBucketsAndTheRefusalNamesTheIntervalThatFits() {
        Instant from = Instant.parse("2000-01-01T00:00:00Z");
        assertThat(new GetStatisticsQuery(UUID.randomUUID(), from, from.plus(Duration.ofHours(10_000)), null, null,
                TimeInterval.HOUR).to()).isEqualTo(from.plus(Duration.ofHours(10_000)));
        assertThatThrownBy(() -> new GetStatisticsQuery(UUID.randomUUID(), from, from.plus(Duration.ofHours(10_001)),
                null, null, TimeInterval.HOUR)).isInstanceOfSatisfying(DomainRuleViolation.class, e -> {
            assertThat(e.field()).isEqualTo("interval");
            assertThat(e.getMessage()).contains("use interval DAY");
        });
        assertThatThrownBy(() -> new GetStatisticsQuery(UUID.randomUUID(), from, Instant.parse("2100-01-01T00:00:00Z"),
                null, null, TimeInterval.DAY)).hasMessageContaining("use interval WEEK");
        assertThatThrownBy(() -> new GetStatisticsQuery(UUID.randomUUID(), Instant.MIN, Instant.MAX, null, null,
                TimeInterval.MONTH)).as("8,100 years are 97,200 months").hasMessageContaining("narrow the range");
    }
}
