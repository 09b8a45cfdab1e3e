package com.volcanion.tracking.application.system.query;

import java.util.Objects;
import java.util.UUID;

/** Every system of one partner, oldest first. */
public record FindSystemsQuery(UUID partnerId) {

    public FindSystemsQuery {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
