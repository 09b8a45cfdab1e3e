package com.volcanion.tracking.application.ingest;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Store these events for this (authenticated) system.
 *
 * @param batchSentAt   the batch's {@code sentAt}, used for events that have none of their own; may be null
 * @param correlationId the request's correlation id, stored with every event
 */
public record IngestEventsCommand(SystemCredential system, Instant batchSentAt, String correlationId,
                                  List<IncomingItem> items) {

    public IngestEventsCommand {
        Objects.requireNonNull(system, "system");
        items = List.copyOf(items);
    }
}
