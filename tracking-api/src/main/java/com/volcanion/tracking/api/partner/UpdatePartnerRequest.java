package com.volcanion.tracking.api.partner;

/** Fields left out (or null) stay as they are. {@code active: false} stops ingestion for all systems. */
public record UpdatePartnerRequest(String name, String email, Boolean active) {
}
