package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.event.EventTime;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Events of one partner or one system, newest first, with optional filters; {@code from} inclusive,
 * {@code to} exclusive, both moved into {@link EventTime}'s span.
 */
public record FindEventsQuery(Scope scope, UUID scopeId, Instant from, Instant to, String eventName, String userId,
                              String anonymousId, Boolean valid, EventType type, int limit,
                              EventCursor cursor) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public FindEventsQuery {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(scopeId, "scopeId");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new DomainRuleViolation("limit", "must be between 1 and " + MAX_LIMIT);
        }
        from = EventTime.clamp(from);   // no event lies outside EventTime's span; PostgreSQL's range is narrower than Instant's
        to = EventTime.clamp(to);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new DomainRuleViolation("from", "must be before to");
        }
        Require.storable("eventName", eventName);
        Require.storable("userId", userId);
        Require.storable("anonymousId", anonymousId);
    }

    public enum Scope { PARTNER, SYSTEM }
}
