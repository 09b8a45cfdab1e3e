package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.domain.event.ValidationError;

import java.time.Instant;
import java.util.List;

/** One element of an ingestion request, as the HTTP layer read it: an event, or something that is not one. */
public sealed interface IncomingItem {

    /**
     * An event as the client sent it. Only {@code eventName} is required; JSON texts are already known to be
     * objects.
     *
     * @param type       the kind of call ({@code TRACK} from version 1's endpoints)
     * @param properties the properties object as JSON text ({@code {}} when absent)
     * @param context    the context object as JSON text, or null
     */
    record IncomingEvent(EventType type, String messageId, String eventName, Instant timestamp, Instant sentAt, String userId,
                         String anonymousId, String properties, String context) implements IncomingItem {
    }

    /** An element that is not an event at all (not an object, no eventName, fields of the wrong type...). */
    record UnreadableItem(List<ValidationError> errors) implements IncomingItem {

        public UnreadableItem {
            errors = List.copyOf(errors);
        }
    }
}
