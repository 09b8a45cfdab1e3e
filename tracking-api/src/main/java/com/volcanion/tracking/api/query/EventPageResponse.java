package com.volcanion.tracking.api.query;

import com.volcanion.tracking.application.query.EventPage;

import java.util.List;

/** A page of events, newest first; {@code nextCursor} is null on the last page. */
public record EventPageResponse(List<EventResponse> items, String nextCursor) {

    static EventPageResponse from(EventPage page) {
        return new EventPageResponse(page.items().stream().map(EventResponse::from).toList(), page.nextCursor());
    }
}
