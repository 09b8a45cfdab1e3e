package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.Actor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The record of every change made through the management API, per partner. */
public interface AuditTrail {

    /**
     * Records a change to partner {@code partnerId} inside the caller's transaction, so the record exists exactly
     * when the change does.
     */
    void record(Actor actor, UUID partnerId, AuditEntry entry);

    /**
     * The partner's records at or after {@code from} and before {@code to} (each optional), newest first, after the
     * record {@code after} names (null: from the newest), at most {@code limit}.
     */
    List<AuditRecord> find(UUID partnerId, Instant from, Instant to, RecordPosition after, int limit);

    /** A stored record; {@code position} orders it (by time, then by insertion) for keyset paging. */
    record AuditRecord(RecordPosition position, String actor, String action, String target,
                       Map<String, Object> details) {
    }

    /** Where a record sits in the trail: its time and its insertion number. */
    record RecordPosition(Instant at, long id) {
    }
}
