package com.volcanion.tracking.api.query;

import io.swagger.v3.oas.annotations.media.Schema;
import com.volcanion.tracking.application.query.EventPage;

import java.util.List;

/** A page of events, newest first; {@code nextCursor} is null on the last page. */
public record EventPageResponse(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<EventResponse> items,
        @Schema(description = "opaque; null on the last page", example = "djE6MTc2NDA3ODQwMDAwMDAwMDoxMjM0")
        String nextCursor) {

    static EventPageResponse from(EventPage page) {
        return new EventPageResponse(page.items().stream().map(EventResponse::from).toList(), page.nextCursor());
    }
}
