package com.volcanion.tracking.application.port;

import com.volcanion.tracking.domain.event.TrackingEvent;

import java.util.List;
import java.util.UUID;

/** Where accepted events are written, durably and exactly once per (system, messageId). */
public interface TrackingEventStore {

    /**
     * Writes the events and returns, in the same order, the stored id of each and whether it was already
     * there. Returns only after the events are committed.
     *
     * @throws StoreUnavailableException when the events cannot be committed now; nothing is acknowledged
     */
    List<Stored> store(List<TrackingEvent> events);

    /** The id under which an event is stored; {@code duplicate} when an earlier event had its messageId. */
    record Stored(UUID eventId, boolean duplicate) {
    }

    /** The store cannot take events right now; the client should retry after {@link #retryAfterSeconds()}. */
    class StoreUnavailableException extends RuntimeException {

        private final int retryAfterSeconds;

        public StoreUnavailableException(String message, int retryAfterSeconds, Throwable cause) {
            super(message, cause);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public int retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
