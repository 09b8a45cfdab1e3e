package com.volcanion.tracking.domain.partner;

import com.volcanion.tracking.domain.Require;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The JSON Schema a partner's events of one name should follow. The schema arrives already checked and
 * in canonical form (see the application's schema port), so equal text means an equal schema.
 * The version starts at 1 and grows by one only when the schema or the description really changes.
 */
public final class PartnerEventStructure {

    public static final int MAX_EVENT_NAME_LENGTH = 200;
    public static final int MAX_DESCRIPTION_LENGTH = 2000;

    private final UUID id;
    private final String eventName;
    private String schema;
    private int version;
    private String description;
    private final Instant createdAt;
    private Instant updatedAt;

    private PartnerEventStructure(UUID id, String eventName, String schema, int version, String description,
                                  Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.eventName = eventName;
        this.schema = Objects.requireNonNull(schema);
        this.version = version;
        this.description = description;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    static PartnerEventStructure define(String eventName, String schema, String description, Instant now) {
        return new PartnerEventStructure(UUID.randomUUID(), requireEventName(eventName), schema, 1,
                checkDescription(description), now, now);
    }

    public static PartnerEventStructure restore(UUID id, String eventName, String schema, int version,
                                                String description, Instant createdAt, Instant updatedAt) {
        return new PartnerEventStructure(id, eventName, schema, version, description, createdAt, updatedAt);
    }

    /** Replaces schema and description; returns whether anything changed (and so the version grew). */
    boolean redefine(String newSchema, String newDescription, Instant now) {
        String checkedDescription = checkDescription(newDescription);
        if (schema.equals(newSchema) && Objects.equals(description, checkedDescription)) {
            return false;
        }
        schema = Objects.requireNonNull(newSchema);
        description = checkedDescription;
        version++;
        updatedAt = now;
        return true;
    }

    /** The trimmed event name, or a rule violation when it is blank or longer than 200 characters. */
    public static String requireEventName(String eventName) {
        return Require.text("eventName", eventName, MAX_EVENT_NAME_LENGTH);
    }

    private static String checkDescription(String description) {
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            return Require.text("description", description, MAX_DESCRIPTION_LENGTH);
        }
        return Require.storable("description", description);
    }

    public UUID id() {
        return id;
    }

    public String eventName() {
        return eventName;
    }

    public String schema() {
        return schema;
    }

    public int version() {
        return version;
    }

    public String description() {
        return description;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
