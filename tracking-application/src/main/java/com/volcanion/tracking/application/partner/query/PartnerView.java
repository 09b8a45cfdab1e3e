package com.volcanion.tracking.application.partner.query;

import com.volcanion.tracking.domain.partner.Partner;

import java.time.Instant;
import java.util.UUID;

public record PartnerView(UUID id, String name, String email, boolean active, Instant createdAt, Instant updatedAt) {

    public static PartnerView from(Partner partner) {
        return new PartnerView(partner.id(), partner.name(), partner.email(), partner.active(),
                partner.createdAt(), partner.updatedAt());
    }
}
