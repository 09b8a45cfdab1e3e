package com.volcanion.tracking.application.partner.command;

import com.volcanion.tracking.application.Actor;
import java.util.Objects;
import java.util.UUID;

/** Change a partner; a null field is left as it is. */
public record UpdatePartnerCommand(Actor actor, UUID partnerId, String name, String email, Boolean active) {

    public UpdatePartnerCommand {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
