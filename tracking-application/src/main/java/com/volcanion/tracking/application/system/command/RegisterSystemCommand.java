package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.domain.partner.SystemType;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Register a system for a partner; it gets its first API key. */
public record RegisterSystemCommand(Actor actor, UUID partnerId, String name, SystemType type, List<String> allowedOrigins) {

    public RegisterSystemCommand {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
