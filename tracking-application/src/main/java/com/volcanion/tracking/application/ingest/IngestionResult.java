package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;
import java.util.UUID;

/** What became of each item of an ingestion request, in request order. */
public record IngestionResult(List<ItemResult> results) {

    public IngestionResult {
        results = List.copyOf(results);
    }

    public long accepted() {
        return count(Status.ACCEPTED);
    }

    public long duplicates() {
        return count(Status.DUPLICATE);
    }

    public long rejected() {
        return count(Status.REJECTED);
    }

    public long suppressed() {
        return count(Status.SUPPRESSED);
    }

    /** Events newly stored although they break their event structure. */
    public long invalid() {
        return results.stream().filter(r -> r.status() == Status.ACCEPTED && !r.valid()).count();
    }

    private long count(Status status) {
        return results.stream().filter(r -> r.status() == status).count();
    }

    public enum Status {
        /** Stored now. */
        ACCEPTED,
        /** This system already stored an event with this messageId; {@code eventId} is that event's. */
        DUPLICATE,
        /** Not an event; nothing stored; {@code validationErrors} say why. */
        REJECTED,
        /** Its userId or anonymousId is suppressed (a GDPR deletion asked so): nothing stored, no eventId. */
        SUPPRESSED
    }

    /**
     * @param valid            whether the event follows its event structure (false for a rejected item)
     * @param validationErrors the structure's complaints, or for a rejected item why it is not an event
     */
    public record ItemResult(int index, UUID eventId, String messageId, Status status, boolean valid,
                             List<ValidationError> validationErrors) {

        public ItemResult {
            validationErrors = List.copyOf(validationErrors);
        }
    }
}
