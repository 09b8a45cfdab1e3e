package com.volcanion.tracking.application.system.query;

import java.util.Objects;
import java.util.UUID;

public record GetSystemQuery(UUID systemId) {

    public GetSystemQuery {
        Objects.requireNonNull(systemId, "systemId");
    }
}
