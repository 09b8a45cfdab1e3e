package com.volcanion.tracking.application.structure.command;

import com.volcanion.tracking.application.Actor;
import java.util.Objects;
import java.util.UUID;

public record RemoveEventStructureCommand(Actor actor, UUID partnerId, String eventName) {

    public RemoveEventStructureCommand {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(eventName, "eventName");
    }
}
