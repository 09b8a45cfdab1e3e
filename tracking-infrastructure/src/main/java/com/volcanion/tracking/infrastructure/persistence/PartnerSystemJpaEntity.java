package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.domain.partner.SystemType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

@Entity
@Table(schema = "write", name = "partner_systems")
class PartnerSystemJpaEntity {

    @Id
    UUID id;

    @Column(name = "partner_id", nullable = false)
    UUID partnerId;

    @Column(nullable = false)
    String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    SystemType type;

    boolean active;

    @Column(name = "api_key_hash", nullable = false)
    String apiKeyHash;

    @Column(name = "api_key_prefix", nullable = false)
    String apiKeyPrefix;

    @Column(name = "previous_api_key_hash")
    String previousApiKeyHash;

    @Column(name = "previous_key_valid_until")
    Instant previousKeyValidUntil;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "allowed_origins", nullable = false)
    List<String> allowedOrigins;

    @Column(name = "rate_limit_per_second")
    Integer rateLimitPerSecond;

    @Column(name = "created_at", nullable = false)
    Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    Instant updatedAt;
}
