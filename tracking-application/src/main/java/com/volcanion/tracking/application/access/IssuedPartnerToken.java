package com.volcanion.tracking.application.access;

import java.time.Instant;
import java.util.UUID;

/** A token just issued: {@code token} is its plain value, shown this once and stored nowhere. */
public record IssuedPartnerToken(UUID id, String name, String token, Instant createdAt) {

    @Override
    public String toString() {
        return "IssuedPartnerToken[id=" + id + ", name=" + name + "]";
    }
}
