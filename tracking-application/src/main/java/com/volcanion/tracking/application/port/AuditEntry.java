package com.volcanion.tracking.application.port;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.domain.partner.PartnerEvent.ApiKeyRotated;
import com.volcanion.tracking.domain.partner.PartnerEvent.EventStructureChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.EventStructureRemoved;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerActivationChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerEmailChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerRegistered;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerRenamed;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemActivationChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemOriginsChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemRateLimitChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemRegistered;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemRenamed;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One change as the audit trail records it: {@code action} (like {@code system.renamed}), {@code target} (like
 * {@code system:<id>}) and {@code details}, a JSON object of plain values (strings, numbers, booleans, lists, null).
 * No detail is ever a credential: a key or token is named by its displayable prefix at most.
 */
public record AuditEntry(String action, String target, Map<String, Object> details) {

    public AuditEntry {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    /**
     * What a change to a partner aggregate records. The switch is exhaustive over the sealed {@link PartnerEvent}, so
     * a new kind of change does not compile until it says what the trail keeps of it.
     */
    public static AuditEntry describing(PartnerEvent event) {
        return switch (event) {
            case PartnerRegistered e -> partner(e.partnerId(), "partner.registered", "name", e.name(), "email", e.email());
            case PartnerRenamed e -> partner(e.partnerId(), "partner.renamed", "name", e.name());
            case PartnerEmailChanged e -> partner(e.partnerId(), "partner.email-changed", "email", e.email());
            case PartnerActivationChanged e ->
                    partner(e.partnerId(), e.active() ? "partner.activated" : "partner.deactivated");
            case SystemRegistered e -> system(e.systemId(), "system.registered", "name", e.name(), "type",
                    e.type().name(), "apiKeyPrefix", e.apiKeyPrefix(), "allowedOrigins", e.allowedOrigins());
            case SystemRenamed e -> system(e.systemId(), "system.renamed", "name", e.name());
            case SystemActivationChanged e ->
                    system(e.systemId(), e.active() ? "system.activated" : "system.deactivated");
            case SystemOriginsChanged e ->
                    system(e.systemId(), "system.origins-changed", "allowedOrigins", e.allowedOrigins());
            case SystemRateLimitChanged e ->
                    system(e.systemId(), "system.rate-limit-changed", "rateLimitPerSecond", e.rateLimitPerSecond());
            case ApiKeyRotated e -> system(e.systemId(), "system.api-key-rotated", "apiKeyPrefix", e.apiKeyPrefix(),
                    "previousKeyValidUntil", e.previousKeyValidUntil() == null ? null : e.previousKeyValidUntil().toString());
            case EventStructureChanged e -> new AuditEntry("event-structure.defined",
                    "event-structure:" + e.eventName(), details("version", e.version()));
            case EventStructureRemoved e -> new AuditEntry("event-structure.removed",
                    "event-structure:" + e.eventName(), Map.of());
        };
    }

    /** Details from name, value pairs, in that order; values may be null. */
    public static Map<String, Object> details(Object... namesAndValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            details.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return details;
    }

    private static AuditEntry partner(UUID partnerId, String action, Object... details) {
        return new AuditEntry(action, "partner:" + partnerId, details(details));
    }

    private static AuditEntry system(UUID systemId, String action, Object... details) {
        return new AuditEntry(action, "system:" + systemId, details(details));
    }
}
