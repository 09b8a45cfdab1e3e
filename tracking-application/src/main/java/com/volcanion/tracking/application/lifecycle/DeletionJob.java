package com.volcanion.tracking.application.lifecycle;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A GDPR deletion: the events, read-model rows, profiles, identity links and unique-user counts of the persons named
 * by {@code userIds} and {@code anonymousIds} (a userId's linked anonymousIds go with it), removed by a job that runs
 * in the background; {@code deletedEvents} counts the stored events removed so far.
 */
public record DeletionJob(UUID id, UUID partnerId, List<String> userIds, List<String> anonymousIds, boolean suppress,
                          JobStatus status, long deletedEvents, Instant createdAt, Instant finishedAt) {

    public DeletionJob {
        userIds = List.copyOf(userIds);
        anonymousIds = List.copyOf(anonymousIds);
    }
}
