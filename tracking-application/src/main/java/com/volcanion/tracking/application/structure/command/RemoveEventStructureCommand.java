package com.volcanion.tracking.application.structure.command;

import java.util.Objects;
import java.util.UUID;

public record RemoveEventStructureCommand(UUID partnerId, String eventName) {

    public RemoveEventStructureCommand {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(eventName, "eventName");
    }
}
