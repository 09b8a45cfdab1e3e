package com.volcanion.tracking.application.partner.command;

import java.util.Objects;
import java.util.UUID;

/** Change a partner; a null field is left as it is. */
public record UpdatePartnerCommand(UUID partnerId, String name, String email, Boolean active) {

    public UpdatePartnerCommand {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
