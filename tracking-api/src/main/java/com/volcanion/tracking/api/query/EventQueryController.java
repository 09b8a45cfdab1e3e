package com.volcanion.tracking.api.query;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.application.query.EventCursor;
import com.volcanion.tracking.application.query.FindEventsHandler;
import com.volcanion.tracking.application.query.FindEventsQuery;
import com.volcanion.tracking.application.query.FindEventsQuery.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ExtendedServletRequestDataBinder;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

@RestController
@Tag(name = "Events", description = "The read model, newest first (eventually consistent: within seconds)")
class EventQueryController {

    private final FindEventsHandler findEvents;

    EventQueryController(FindEventsHandler findEvents) {
        this.findEvents = findEvents;
    }

    /** Filters come from the query string only (Spring would also fill a field from a header of the same name). */
    @InitBinder
    void queryStringOnly(WebDataBinder binder) {
        if (binder instanceof ExtendedServletRequestDataBinder requestBinder) {
            requestBinder.setHeaderPredicate(header -> false);
        }
    }

    /** The query string of both operations; a parameter left out is null (no filter, or the default). */
    @ParameterObject
    record EventFilters(
            @Schema(description = "Events at or after this time (inclusive)") OffsetDateTime from,
            @Schema(description = "Events before this time (exclusive)") OffsetDateTime to,
            String eventName, String userId, String anonymousId,
            @Schema(description = "Only valid (true) or only flagged (false) events") Boolean valid,
            @Schema(description = "Only events of this kind of call") EventType type,
            @Schema(description = "Events per page", minimum = "1", maximum = "1000", defaultValue = "100") Integer limit,
            @Schema(description = "The nextCursor of the previous page") String cursor) {

        static final int DEFAULT_LIMIT = 100;

        FindEventsQuery of(Scope scope, UUID id) {
            return new FindEventsQuery(scope, id, instant(from), instant(to), eventName, userId, anonymousId, valid, type,
                    limit == null ? DEFAULT_LIMIT : limit, cursor == null ? null : EventCursor.decode(cursor));
        }

        private static Instant instant(OffsetDateTime time) {
            return time == null ? null : time.toInstant();
        }
    }

    @GetMapping("/api/events/partner-system/{systemId}")
    @Operation(summary = "Events of one system", description = "from inclusive, to exclusive; limit 1..1000 (default "
            + "100); pass nextCursor as cursor for the next page.")
    EventPageResponse bySystem(@PathVariable UUID systemId, @ModelAttribute EventFilters filters) {
        return EventPageResponse.from(findEvents.handle(filters.of(Scope.SYSTEM, systemId)));
    }

    @GetMapping("/api/events/partner/{partnerId}")
    @Operation(summary = "Events of one partner", description = "Same parameters as for one system.")
    EventPageResponse byPartner(@PathVariable UUID partnerId, @ModelAttribute EventFilters filters) {
        return EventPageResponse.from(findEvents.handle(filters.of(Scope.PARTNER, partnerId)));
    }
}
