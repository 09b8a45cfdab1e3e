package com.volcanion.tracking.domain.partner;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.apikey.ApiKey;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A company that sends events: the root of the aggregate that owns its {@link PartnerSystem systems} and
 * {@link PartnerEventStructure event structures}.
 * <p>
 * Rules held here: a deactivated partner makes every one of its systems unable to ingest; changes record a
 * {@link PartnerEvent} that names what caches must forget; an event structure's version grows only on a real
 * change.
 */
public final class Partner {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_EMAIL_LENGTH = 320;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final UUID id;
    private String name;
    private String email;
    private boolean active;
    private final Instant createdAt;
    private Instant updatedAt;
    private final Map<UUID, PartnerSystem> systems = new LinkedHashMap<>();
    private final Map<String, PartnerEventStructure> eventStructures = new LinkedHashMap<>();
    private final List<PartnerEvent> pendingEvents = new ArrayList<>();

    private Partner(UUID id, String name, String email, boolean active, Instant createdAt, Instant updatedAt) {
        this.id = Objects.requireNonNull(id);
        this.name = name;
        this.email = email;
        this.active = active;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    public static Partner register(String name, String email, Clock clock) {
        Instant now = clock.instant();
        Partner partner = new Partner(UUID.randomUUID(), Require.text("name", name, MAX_NAME_LENGTH),
                checkEmail(email), true, now, now);
        partner.pendingEvents.add(new PartnerRegistered(partner.id, partner.name, partner.email));
        return partner;
    }

    /** Rebuilds a partner from storage; no rule is re-checked and no event is recorded. */
    public static Partner restore(UUID id, String name, String email, boolean active, Instant createdAt,
                                  Instant updatedAt, Collection<PartnerSystem> systems,
                                  Collection<PartnerEventStructure> eventStructures) {
        Partner partner = new Partner(id, name, email, active, createdAt, updatedAt);
        systems.forEach(system -> partner.systems.put(system.id(), system));
        eventStructures.forEach(structure -> partner.eventStructures.put(structure.eventName(), structure));
        return partner;
    }

    public void rename(String newName, Clock clock) {
        String checked = Require.text("name", newName, MAX_NAME_LENGTH);
        if (!checked.equals(name)) {
            name = checked;
            touch(clock);
            pendingEvents.add(new PartnerRenamed(id, name));
        }
    }

    public void changeEmail(String newEmail, Clock clock) {
        String checked = checkEmail(newEmail);
        if (!checked.equals(email)) {
            email = checked;
            touch(clock);
            pendingEvents.add(new PartnerEmailChanged(id, email));
        }
    }

    public void deactivate(Clock clock) {
        changeActivation(false, clock);
    }

    public void activate(Clock clock) {
        changeActivation(true, clock);
    }

    private void changeActivation(boolean newActive, Clock clock) {
        if (active != newActive) {
            active = newActive;
            touch(clock);
            pendingEvents.add(new PartnerActivationChanged(id, active, allLiveKeyHashes()));
        }
    }

    /** Registers a new system and issues its first key; the plain key is in the result, and only there. */
    public IssuedSystem addSystem(String systemName, SystemType type, List<String> allowedOrigins, Clock clock) {
        ApiKey apiKey = ApiKey.generate();
        PartnerSystem system = PartnerSystem.create(id, systemName, type, allowedOrigins, apiKey, clock.instant());
        systems.put(system.id(), system);
        pendingEvents.add(new SystemRegistered(id, system.id(), system.name(), system.type(), system.apiKeyPrefix(),
                system.allowedOrigins()));
        return new IssuedSystem(system, apiKey);
    }

    public void renameSystem(UUID systemId, String newName, Clock clock) {
        PartnerSystem system = requireSystem(systemId);
        if (!system.name().equals(Require.text("name", newName, PartnerSystem.MAX_NAME_LENGTH))) {
            system.rename(newName, clock.instant());
            pendingEvents.add(new SystemRenamed(id, systemId, system.name(), system.liveKeyHashes()));
        }
    }

    public void changeSystemActivation(UUID systemId, boolean newActive, Clock clock) {
        PartnerSystem system = requireSystem(systemId);
        if (system.active() != newActive) {
            system.setActive(newActive, clock.instant());
            pendingEvents.add(new SystemActivationChanged(id, systemId, newActive, system.liveKeyHashes()));
        }
    }

    public void changeSystemOrigins(UUID systemId, List<String> allowedOrigins, Clock clock) {
        PartnerSystem system = requireSystem(systemId);
        if (!system.allowedOrigins().equals(PartnerSystem.normalizeOrigins(allowedOrigins))) {
            system.changeAllowedOrigins(allowedOrigins, clock.instant());
            pendingEvents.add(new SystemOriginsChanged(id, systemId, system.allowedOrigins(), system.liveKeyHashes()));
        }
    }

    /** Sets a system's own rate limit (events per second); null returns it to the service's default. */
    public void changeSystemRateLimit(UUID systemId, Integer perSecond, Clock clock) {
        PartnerSystem system = requireSystem(systemId);
        if (!Objects.equals(system.rateLimitPerSecond(), perSecond)) {
            system.changeRateLimit(perSecond, clock.instant());
            pendingEvents.add(new SystemRateLimitChanged(id, systemId, perSecond, system.liveKeyHashes()));
        }
    }

    /**
     * Issues a new key for a system. With a positive grace the old key keeps working until the grace ends;
     * with none it is revoked at once.
     */
    public ApiKey rotateSystemKey(UUID systemId, Duration grace, Clock clock) {
        PartnerSystem system = requireSystem(systemId);
        Set<String> staleHashes = system.liveKeyHashes();
        ApiKey newKey = ApiKey.generate();
        system.rotateKey(newKey, grace, clock.instant());
        pendingEvents.add(new ApiKeyRotated(id, systemId, system.apiKeyPrefix(), system.previousKeyValidUntil(),
                staleHashes));
        return newKey;
    }

    /** Whether events sent with this system's key are taken: both the partner and the system are active. */
    public boolean canIngest(UUID systemId) {
        return active && system(systemId).map(PartnerSystem::active).orElse(false);
    }

    /**
     * Creates or replaces the structure for an event name. Returns what happened, so the caller can tell a
     * new structure from a changed or an unchanged one.
     */
    public StructureDefinition defineEventStructure(String eventName, String canonicalSchema, String description,
                                                    Clock clock) {
        String checkedName = PartnerEventStructure.requireEventName(eventName);
        PartnerEventStructure existing = eventStructures.get(checkedName);
        if (existing == null) {
            PartnerEventStructure created = PartnerEventStructure.define(checkedName, canonicalSchema, description,
                    clock.instant());
            eventStructures.put(checkedName, created);
            pendingEvents.add(new EventStructureChanged(id, checkedName, created.version()));
            return new StructureDefinition(created, true, true);
        }
        boolean changed = existing.redefine(canonicalSchema, description, clock.instant());
        if (changed) {
            pendingEvents.add(new EventStructureChanged(id, checkedName, existing.version()));
        }
        return new StructureDefinition(existing, false, changed);
    }

    /** Removes a structure; returns false when there was none by that name. */
    public boolean removeEventStructure(String eventName) {
        PartnerEventStructure removed = eventStructures.remove(eventName);
        if (removed != null) {
            pendingEvents.add(new EventStructureRemoved(id, eventName));
        }
        return removed != null;
    }

    /** The events recorded since the last call, in the order they happened; clears them. */
    public List<PartnerEvent> pullEvents() {
        List<PartnerEvent> events = List.copyOf(pendingEvents);
        pendingEvents.clear();
        return events;
    }

    public Optional<PartnerSystem> system(UUID systemId) {
        return Optional.ofNullable(systems.get(systemId));
    }

    public Optional<PartnerEventStructure> eventStructure(String eventName) {
        return Optional.ofNullable(eventStructures.get(eventName));
    }

    public List<PartnerSystem> systems() {
        return List.copyOf(systems.values());
    }

    public List<PartnerEventStructure> eventStructures() {
        return List.copyOf(eventStructures.values());
    }

    private PartnerSystem requireSystem(UUID systemId) {
        return system(systemId).orElseThrow(() -> new IllegalArgumentException(
                "system " + systemId + " does not belong to partner " + id));
    }

    private Set<String> allLiveKeyHashes() {
        Set<String> hashes = new HashSet<>();
        systems.values().forEach(system -> hashes.addAll(system.liveKeyHashes()));
        return Set.copyOf(hashes);
    }

    private void touch(Clock clock) {
        updatedAt = clock.instant();
    }

    private static String checkEmail(String email) {
        String checked = Require.text("email", email, MAX_EMAIL_LENGTH).toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(checked).matches()) {
            throw new DomainRuleViolation("email", "must be an email address");
        }
        return checked;
    }

    public UUID id() {
        return id;
    }

    public String name() {
        return name;
    }

    public String email() {
        return email;
    }

    public boolean active() {
        return active;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    /** A system just registered, with the only copy of its plain key. */
    public record IssuedSystem(PartnerSystem system, ApiKey apiKey) {
    }

    /** The outcome of defining a structure: the structure, whether it is new, and whether it changed. */
    public record StructureDefinition(PartnerEventStructure structure, boolean created, boolean changed) {
    }
}
