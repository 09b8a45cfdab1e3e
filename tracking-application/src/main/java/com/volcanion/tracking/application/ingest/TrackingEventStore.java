package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.event.TrackingEvent;

import java.util.List;
import java.util.UUID;

/** Where accepted events are written, durably and exactly once per (system, messageId). */
public interface TrackingEventStore {

    /**
     * Writes the events and returns, in the same order, what became of each: {@link Stored} (now or earlier,
     * under the returned id), {@link Suppressed} or {@link Refused} (the database refused that event alone; nothing of it is stored).
     * Returns only after the stored events are committed.
     *
     * @throws StoreUnavailableException when the events cannot be committed now; none of them is stored
     */
    List<Outcome> store(List<TrackingEvent> events);

    /** What became of one event. */
    sealed interface Outcome permits Stored, Suppressed, Refused {
    }

    /** The id under which an event is stored; {@code duplicate} when an earlier event had its messageId. */
    record Stored(UUID eventId, boolean duplicate) implements Outcome {
    }

    /** Its userId or anonymousId is suppressed for its partner (a GDPR deletion asked so): nothing of it is stored. */
    record Suppressed() implements Outcome {
    }

    /** The database refused this event, and would refuse it again: nothing of it is stored. */
    record Refused(String reason) implements Outcome {
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
