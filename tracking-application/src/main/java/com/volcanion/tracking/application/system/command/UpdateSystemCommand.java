package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.Actor;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** Change a system; a null field is left as it is. */
public record UpdateSystemCommand(Actor actor, UUID systemId, String name, Boolean active, List<String> allowedOrigins,
                                  Integer rateLimitPerSecond) {

    public UpdateSystemCommand {
        Objects.requireNonNull(systemId, "systemId");
    }
}
