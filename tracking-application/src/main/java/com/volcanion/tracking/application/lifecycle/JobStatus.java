package com.volcanion.tracking.application.lifecycle;

/** Where a background job (a deletion, a revalidation) is. */
public enum JobStatus {
    /** Accepted, not started. */
    PENDING,
    /** Under way; may be resumed by another node. */
    RUNNING,
    /** Done (as of its {@code finishedAt}). */
    FINISHED,
    /** Gave up after repeated failures; the service's log says why. */
    FAILED
}
