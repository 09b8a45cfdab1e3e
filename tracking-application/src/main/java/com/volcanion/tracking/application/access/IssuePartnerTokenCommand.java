package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.Actor;

import java.util.Objects;
import java.util.UUID;

/** Issue a token that lets its holder manage and read partner {@code partnerId}. */
public record IssuePartnerTokenCommand(Actor actor, UUID partnerId, String name) {

    public IssuePartnerTokenCommand {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
