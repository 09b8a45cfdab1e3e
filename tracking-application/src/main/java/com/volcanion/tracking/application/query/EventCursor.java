package com.volcanion.tracking.application.query;

import com.volcanion.tracking.application.KeysetCursor;

import java.time.Instant;

/** Where the next page of events starts, newest first: the (eventTimestamp, id) of the last item returned. */
public record EventCursor(Instant eventTimestamp, long id) {

    private static final String TAG = "v1";

    public String encode() {
        return KeysetCursor.encode(TAG, eventTimestamp, id);
    }

    public static EventCursor decode(String cursor) {
        return KeysetCursor.decode(TAG, cursor, EventCursor::new);
    }
}
