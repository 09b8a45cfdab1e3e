package com.volcanion.tracking.api.query;

import com.volcanion.tracking.application.analytics.FunnelQuery;
import com.volcanion.tracking.application.analytics.FunnelView;
import com.volcanion.tracking.application.analytics.GetAnalyticsHandler;
import com.volcanion.tracking.application.analytics.RetentionQuery;
import com.volcanion.tracking.application.analytics.RetentionView;
import com.volcanion.tracking.application.analytics.SessionsQuery;
import com.volcanion.tracking.application.analytics.SessionsView;
import com.volcanion.tracking.application.query.TimeInterval;
import com.volcanion.tracking.domain.DomainRuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.Explode;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

@RestController
@Tag(name = "Analytics", description = "Funnels, retention and sessions over persons, exact, from the read side")
class AnalyticsController {

    private final GetAnalyticsHandler analytics;
    private final Clock clock;

    AnalyticsController(GetAnalyticsHandler analytics, Clock clock) {
        this.analytics = analytics;
        this.clock = clock;
    }

    @GetMapping("/api/analytics/partners/{partnerId}/funnel")
    @Operation(summary = "A funnel over persons", description = "2 to 10 steps (event names). A person enters at their "
            + "first event of the first step in [from, to) (default: the last 7 days); they reach step k with the earliest "
            + "event of its name at or after the event that reached step k-1 and at most `window` after the entering "
            + "event (inclusive); an event reaches one step only. Anonymous events before an identify count as the "
            + "person's. An answer reflects every event projected more than 10 s ago.")
    @Parameter(name = "step", in = ParameterIn.QUERY, required = true, explode = Explode.TRUE,
            description = "An event name per step, in order, 2 to 10 times (a comma is part of the name)",
            array = @ArraySchema(schema = @Schema(type = "string"), minItems = 2, maxItems = 10))
    FunnelView funnel(@PathVariable UUID partnerId, HttpServletRequest request,
                      @RequestParam(required = false) OffsetDateTime from,
                      @RequestParam(required = false) OffsetDateTime to,
                      @Parameter(description = "ISO-8601 duration, longer than 0 and at most P90D (default P14D)")
                      @RequestParam(required = false) String window,
                      @RequestParam(required = false) UUID systemId) {
        // each step as sent: Spring would split a lone value at its commas ("Signed up, paid" is one event name)
        String[] steps = request.getParameterValues("step");
        Range range = range(from, to);
        return analytics.funnel(new FunnelQuery(partnerId, range.from(), range.to(), systemId,
                steps == null ? null : List.of(steps),
                duration("window", window, FunnelQuery.DEFAULT_WINDOW)));
    }

    @GetMapping("/api/analytics/partners/{partnerId}/retention")
    @Operation(summary = "Retention cohorts of persons", description = "A person's cohort is the period (UTC; weeks "
            + "start on Monday) of their first `startEvent` in [from, to) (default: the last 7 days); `returned[0]` is "
            + "the cohort's size, `returned[k]` its persons with a `returnEvent` in the k-th period after the cohort's, "
            + "wherever it falls in time. One cohort per period of the range, oldest first, empty ones included.")
    RetentionView retention(@PathVariable UUID partnerId,
                            @RequestParam(required = false) String startEvent,
                            @RequestParam(required = false) String returnEvent,
                            @Parameter(description = "DAY, WEEK or MONTH")
                            @RequestParam(defaultValue = "WEEK") TimeInterval period,
                            @Parameter(description = "How many periods each cohort's row covers, its own included: 1 to 100")
                            @RequestParam(defaultValue = "8") int periods,
                            @RequestParam(required = false) OffsetDateTime from,
                            @RequestParam(required = false) OffsetDateTime to,
                            @RequestParam(required = false) UUID systemId) {
        Range range = range(from, to);
        return analytics.retention(new RetentionQuery(partnerId, range.from(), range.to(), systemId, startEvent,
                returnEvent, period, periods));
    }

    @GetMapping("/api/analytics/partners/{partnerId}/sessions")
    @Operation(summary = "Sessions", description = "A session is a run of one visitor's events (keyed by anonymousId, "
            + "else userId) with no gap longer than `inactivity`; it is counted in the bucket of its first event, when "
            + "that lies in [from, to) (default: the last 7 days). Duration = last event - first event; a bounce is a "
            + "one-event session. `timeSeries` lists every bucket of the range.")
    SessionsView sessions(@PathVariable UUID partnerId,
                          @RequestParam(required = false) OffsetDateTime from,
                          @RequestParam(required = false) OffsetDateTime to,
                          @RequestParam(defaultValue = "DAY") TimeInterval interval,
                          @Parameter(description = "ISO-8601 duration, longer than 0 and at most P1D (default PT30M)")
                          @RequestParam(required = false) String inactivity,
                          @RequestParam(required = false) UUID systemId) {
        Range range = range(from, to);
        return analytics.sessions(new SessionsQuery(partnerId, range.from(), range.to(), systemId, interval,
                duration("inactivity", inactivity, SessionsQuery.DEFAULT_INACTIVITY)));
    }

    private record Range(Instant from, Instant to) {
    }

    private Range range(OffsetDateTime from, OffsetDateTime to) {
        Instant end = to == null ? clock.instant() : to.toInstant();
        return new Range(from == null ? end.minus(StatisticsController.DEFAULT_RANGE) : from.toInstant(), end);
    }

    private static Duration duration(String field, String text, Duration otherwise) {
        if (text == null) {
            return otherwise;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new DomainRuleViolation(field, "must be an ISO-8601 duration such as P14D or PT30M");
        }
    }
}
