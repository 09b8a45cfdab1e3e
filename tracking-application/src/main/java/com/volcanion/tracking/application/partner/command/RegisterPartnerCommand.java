package com.volcanion.tracking.application.partner.command;

import com.volcanion.tracking.application.Actor;

/** Register a company as a partner. Name and email are checked by the domain. */
public record RegisterPartnerCommand(Actor actor, String name, String email) {
}
