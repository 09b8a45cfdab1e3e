package com.volcanion.tracking.api.query;

import com.volcanion.tracking.application.query.EventCursor;
import com.volcanion.tracking.application.query.FindEventsHandler;
import com.volcanion.tracking.application.query.FindEventsQuery;
import com.volcanion.tracking.application.query.FindEventsQuery.Scope;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.OffsetDateTime;
import java.util.UUID;

@RestController
@Tag(name = "Events", description = "The read model, newest first (eventually consistent: within seconds)")
@SecurityRequirement(name = "admin")
class EventQueryController {

    private final FindEventsHandler findEvents;

    EventQueryController(FindEventsHandler findEvents) {
        this.findEvents = findEvents;
    }

    @GetMapping("/api/events/partner-system/{systemId}")
    @Operation(summary = "Events of one system", description = "from inclusive, to exclusive; limit 1..1000 (default "
            + "100); pass nextCursor as cursor for the next page.")
    EventPageResponse bySystem(@PathVariable UUID systemId, @RequestParam(required = false) OffsetDateTime from,
                               @RequestParam(required = false) OffsetDateTime to,
                               @RequestParam(required = false) String eventName,
                               @RequestParam(required = false) String userId,
                               @RequestParam(required = false) String anonymousId,
                               @RequestParam(required = false) Boolean valid,
                               @RequestParam(defaultValue = "100") int limit,
                               @RequestParam(required = false) String cursor) {
        return find(Scope.SYSTEM, systemId, from, to, eventName, userId, anonymousId, valid, limit, cursor);
    }

    @GetMapping("/api/events/partner/{partnerId}")
    @Operation(summary = "Events of one partner", description = "Same parameters as for one system.")
    EventPageResponse byPartner(@PathVariable UUID partnerId, @RequestParam(required = false) OffsetDateTime from,
                                @RequestParam(required = false) OffsetDateTime to,
                                @RequestParam(required = false) String eventName,
                                @RequestParam(required = false) String userId,
                                @RequestParam(required = false) String anonymousId,
                                @RequestParam(required = false) Boolean valid,
                                @RequestParam(defaultValue = "100") int limit,
                                @RequestParam(required = false) String cursor) {
        return find(Scope.PARTNER, partnerId, from, to, eventName, userId, anonymousId, valid, limit, cursor);
    }

    private EventPageResponse find(Scope scope, UUID id, OffsetDateTime from, OffsetDateTime to, String eventName,
                                   String userId, String anonymousId, Boolean valid, int limit, String cursor) {
        return EventPageResponse.from(findEvents.handle(new FindEventsQuery(scope, id,
                from == null ? null : from.toInstant(), to == null ? null : to.toInstant(), eventName, userId,
                anonymousId, valid, limit, cursor == null ? null : EventCursor.decode(cursor))));
    }
}
