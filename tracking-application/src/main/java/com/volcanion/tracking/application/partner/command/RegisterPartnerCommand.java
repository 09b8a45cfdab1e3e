package com.volcanion.tracking.application.partner.command;

/** Register a company as a partner. Name and email are checked by the domain. */
public record RegisterPartnerCommand(String name, String email) {
}
