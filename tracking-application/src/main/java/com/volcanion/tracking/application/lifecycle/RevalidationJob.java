package com.volcanion.tracking.application.lifecycle;

import java.time.Instant;
import java.util.UUID;

/**
 * A revalidation: the stored events of {@code eventName} (with an event time in {@code [from, to)}, each bound optional)
 * checked again against the event structure as it is now, by a job that runs in the background. {@code checked} counts
 * the events it checked so far (those an older version of the structure, or none, had checked), {@code becameValid} and {@code becameInvalid} those whose verdict changed.
 */
public record RevalidationJob(UUID id, UUID partnerId, String eventName, Instant from, Instant to,
                              JobStatus status, long checked, long becameValid, long becameInvalid,
                              Instant createdAt, Instant finishedAt) {
}
