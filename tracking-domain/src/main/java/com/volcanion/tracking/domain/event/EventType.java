package com.volcanion.tracking.domain.event;

/**
 * The kind of call an event came from, as the Segment tracking API names them. Version 1's endpoints store
 * {@link #TRACK}; the others come from {@code /v1/*} and are stored under a reserved event name.
 */
public enum EventType {
    TRACK(null), PAGE("$page"), SCREEN("$screen"), IDENTIFY("$identify"), GROUP("$group"), ALIAS("$alias");

    private final String eventName;

    EventType(String eventName) {
        this.eventName = eventName;
    }

    /** The event name a call of this type is stored under; null for {@link #TRACK}, whose name is the call's own. */
    public String eventName() {
        return eventName;
    }

    /** Whether a stored call of this type changes a user's profile or the identity map. */
    public boolean changesIdentity() {
        return this == IDENTIFY || this == ALIAS;
    }
}
