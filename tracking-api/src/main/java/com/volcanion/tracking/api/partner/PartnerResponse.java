package com.volcanion.tracking.api.partner;

import com.volcanion.tracking.application.partner.query.PartnerView;

import java.time.Instant;
import java.util.UUID;

public record PartnerResponse(UUID id, String name, String email, boolean active, Instant createdAt, Instant updatedAt) {

    public static PartnerResponse from(PartnerView view) {
        return new PartnerResponse(view.id(), view.name(), view.email(), view.active(), view.createdAt(), view.updatedAt());
    }
}
