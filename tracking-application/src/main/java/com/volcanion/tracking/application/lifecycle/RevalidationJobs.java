package com.volcanion.tracking.application.lifecycle;

import java.util.Optional;
import java.util.UUID;

/** Revalidation jobs. */
public interface RevalidationJobs {

    /** Stores a new job, PENDING, inside the caller's transaction. */
    void add(RevalidationJob job);

    /** The partner's job for that event name; empty when there is none. */
    Optional<RevalidationJob> find(UUID partnerId, String eventName, UUID jobId);
}
