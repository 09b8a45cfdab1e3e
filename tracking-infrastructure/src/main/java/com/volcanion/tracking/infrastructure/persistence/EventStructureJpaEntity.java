package com.volcanion.tracking.infrastructure.persistence;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

@Entity
@Table(schema = "write", name = "partner_event_structures")
class EventStructureJpaEntity {

    @Id
    UUID id;

    @Column(name = "partner_id", nullable = false)
    UUID partnerId;

    @Column(name = "event_name", nullable = false)
    String eventName;

    /** The JSON Schema in the canonical text form the service wrote. */
    @Column(nullable = false)
    String schema;

    int version;

    String description;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
