package com.volcanion.tracking.application.lifecycle;


import java.util.Optional;
import java.util.UUID;

/** GDPR deletion jobs, and the suppressions they leave. */
public interface DeletionJobs {

    /**
     * Stores a new job, PENDING, inside the caller's transaction; with {@code suppress}, also suppresses each of its ids
     * for its partner (an id suppressed already stays so, under its first deletion).
     */
    void add(DeletionJob job);

    /** The partner's job; empty when the partner has no such job. */
    Optional<DeletionJob> find(UUID partnerId, UUID jobId);

    /** Lifts the suppression of {@code subject} (a userId or anonymousId) for the partner; false when there was none. */
    boolean liftSuppression(UUID partnerId, String subject);
}
