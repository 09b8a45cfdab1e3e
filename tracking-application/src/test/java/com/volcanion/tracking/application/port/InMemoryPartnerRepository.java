package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.domain.partner.Partner;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.domain.partner.PartnerEventStructure;
import com.volcanion.tracking.domain.partner.PartnerSystem;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A fake that keeps copies, so an aggregate changed but not saved stays unchanged here, as in a database.
 * {@link PartnerRepositoryContract} keeps it honest against the real adapter.
 */
public class InMemoryPartnerRepository implements PartnerRepository {

    private final Map<UUID, Partner> partners = new LinkedHashMap<>();
    private final List<PartnerEvent> published = new ArrayList<>();

    @Override
    public synchronized void save(Partner partner, Actor actor) {
        boolean emailTaken = partners.values().stream()
                .anyMatch(other -> !other.id().equals(partner.id()) && other.email().equals(partner.email()));
        if (emailTaken) {
            throw new ConflictException("email", "a partner with this email already exists");
        }
        partners.put(partner.id(), copy(partner));
        published.addAll(partner.pullEvents());
    }

    /** The events saves published, oldest first. */
    public synchronized List<PartnerEvent> published() {
        return List.copyOf(published);
    }

    /** The published events other than registrations (of partners and systems): what a test of a change looks at. */
    public synchronized List<PartnerEvent> publishedChanges() {
        return published.stream().filter(event -> !(event instanceof PartnerEvent.PartnerRegistered
                || event instanceof PartnerEvent.SystemRegistered)).toList();
    }

    @Override
    public synchronized Optional<Partner> findById(UUID partnerId) {
        return Optional.ofNullable(partners.get(partnerId)).map(InMemoryPartnerRepository::copy);
    }

    @Override
    public synchronized Optional<UUID> findPartnerIdOfSystem(UUID systemId) {
        return findBySystemId(systemId).map(Partner::id);
    }

    @Override
    public synchronized Optional<Partner> findBySystemId(UUID systemId) {
        return partners.values().stream()
                .filter(partner -> partner.system(systemId).isPresent())
                .findFirst()
                .map(InMemoryPartnerRepository::copy);
    }

    @Override
    public synchronized PageView<Partner> findPage(int page, int size) {
        List<Partner> ordered = partners.values().stream()
                .sorted(Comparator.comparing(Partner::createdAt).thenComparing(Partner::id))
                .toList();
        List<Partner> items = ordered.stream().skip((long) page * size).limit(size)
                .map(InMemoryPartnerRepository::copy).toList();
        return new PageView<>(items, page, size, ordered.size());
    }

    private static Partner copy(Partner partner) {
        List<PartnerSystem> systems = partner.systems().stream()
                .map(system -> PartnerSystem.restore(system.snapshot())).toList();
        List<PartnerEventStructure> structures = partner.eventStructures().stream()
                .map(s -> PartnerEventStructure.restore(s.id(), s.eventName(), s.schema(), s.version(),
                        s.description(), s.createdAt(), s.updatedAt()))
                .toList();
        return Partner.restore(partner.id(), partner.name(), partner.email(), partner.active(), partner.createdAt(),
                partner.updatedAt(), systems, structures);
    }
}
