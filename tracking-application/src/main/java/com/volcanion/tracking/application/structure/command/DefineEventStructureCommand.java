package com.volcanion.tracking.application.structure.command;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.domain.DomainRuleViolation;

import java.util.Objects;
import java.util.UUID;

/** Create or replace the JSON Schema for one event name of a partner. */
public record DefineEventStructureCommand(Actor actor, UUID partnerId, String eventName, String schema, String description) {

    public DefineEventStructureCommand {
        Objects.requireNonNull(partnerId, "partnerId");
        if (schema == null) {
            throw new DomainRuleViolation("schema", "must not be null");
        }
    }
}
