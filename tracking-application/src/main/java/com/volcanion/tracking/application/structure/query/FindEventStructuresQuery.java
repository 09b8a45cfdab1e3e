package com.volcanion.tracking.application.structure.query;

import java.util.Objects;
import java.util.UUID;

/** Every event structure of one partner, by event name. */
public record FindEventStructuresQuery(UUID partnerId) {

    public FindEventStructuresQuery {
        Objects.requireNonNull(partnerId, "partnerId");
    }
}
