package com.volcanion.tracking.application.query;

import com.volcanion.tracking.application.port.PartnerRepository;

import java.util.List;

/** Pages through the read model with a keyset cursor: stable under concurrent inserts, O(page) per page. */
public class FindEventsHandler {

    private final PartnerRepository partners;
    private final TrackingEventQueries events;

    public FindEventsHandler(PartnerRepository partners, TrackingEventQueries events) {
        this.partners = partners;
        this.events = events;
    }

    public EventPage handle(FindEventsQuery query) {
        switch (query.scope()) {
            case PARTNER -> partners.require(query.scopeId());
            case SYSTEM -> partners.requireOwnerOf(query.scopeId());
        }
        List<EventView> found = events.find(query, query.limit() + 1);
        if (found.size() <= query.limit()) {
            return new EventPage(found, null);
        }
        List<EventView> page = found.subList(0, query.limit());
        EventView last = page.getLast();
        return new EventPage(List.copyOf(page), new EventCursor(last.eventTimestamp(), last.id()).encode());
    }
}
