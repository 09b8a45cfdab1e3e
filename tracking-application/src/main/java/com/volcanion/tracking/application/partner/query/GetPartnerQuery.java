package com.volcanion.tracking.application.partner.query;

import java.util.Objects;
import java.util.UUID;

public record GetPartnerQuery(UUID partnerId) {

    public GetPartnerQuery {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
