package com.volcanion.tracking.application.query;

import java.util.List;

/** A page of events, newest first, and the cursor of the next page (null on the last). */
public record EventPage(List<EventView> items, String nextCursor) {
}
