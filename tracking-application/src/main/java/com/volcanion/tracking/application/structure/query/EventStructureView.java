package com.volcanion.tracking.application.structure.query;

import com.volcanion.tracking.domain.partner.PartnerEventStructure;

import java.time.Instant;

/** An event structure; {@code schema} is the JSON Schema as JSON text. */
public record EventStructureView(String eventName, int version, String schema, String description,
                                 Instant createdAt, Instant updatedAt) {

    public static EventStructureView from(PartnerEventStructure structure) {
        return new EventStructureView(structure.eventName(), structure.version(), structure.schema(),
                structure.description(), structure.createdAt(), structure.updatedAt());
    }
}
