package com.volcanion.tracking.application.structure.query;

import java.util.Objects;
import java.util.UUID;

public record GetEventStructureQuery(UUID partnerId, String eventName) {

    public GetEventStructureQuery {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(eventName, "eventName");
    }
}
