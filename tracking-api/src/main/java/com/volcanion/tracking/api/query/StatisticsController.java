package com.volcanion.tracking.api.query;

import com.volcanion.tracking.application.query.GetStatisticsHandler;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;
import com.volcanion.tracking.application.query.TimeInterval;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

@RestController
@Tag(name = "Statistics", description = "Counts, unique users and time series from hourly aggregates")
class StatisticsController {

    static final Duration DEFAULT_RANGE = Duration.ofDays(7);

    private final GetStatisticsHandler getStatistics;
    private final Clock clock;

    StatisticsController(GetStatisticsHandler getStatistics, Clock clock) {
        this.getStatistics = getStatistics;
        this.clock = clock;
    }

    @GetMapping("/api/statistics/partners/{partnerId}")
    @Operation(summary = "A partner's statistics", description = "Over [from, to), rounded to whole UTC hours "
            + "(default: the last 7 days). uniqueUsers is a HyperLogLog estimate (standard error 1.6%). An answer "
            + "reflects every event projected more than 10 s ago; a change to the partner's systems or structures shows "
            + "at once.")
    StatisticsView statistics(@PathVariable UUID partnerId, @RequestParam(required = false) OffsetDateTime from,
                              @RequestParam(required = false) OffsetDateTime to,
                              @RequestParam(required = false) UUID systemId,
                              @RequestParam(required = false) String eventName,
                              @RequestParam(defaultValue = "HOUR") TimeInterval interval) {
        Instant end = to == null ? clock.instant() : to.toInstant();
        Instant start = from == null ? end.minus(DEFAULT_RANGE) : from.toInstant();
        return getStatistics.handle(new GetStatisticsQuery(partnerId, start, end, systemId, eventName, interval));
    }
}
