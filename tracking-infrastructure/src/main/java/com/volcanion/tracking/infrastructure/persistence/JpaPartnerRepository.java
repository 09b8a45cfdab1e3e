package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.partner.Partner;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.domain.partner.PartnerEventStructure;
import com.volcanion.tracking.domain.partner.PartnerSystem;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Stores the Partner aggregate in {@code write.partners}, {@code partner_systems} and {@code partner_event_structures}.
 * Finders map the whole aggregate inside a read-only transaction of their own (or the caller's), so a caller
 * without one (a query handler, or the port's own {@code require}) still gets a complete aggregate.
 */
@Repository
public class JpaPartnerRepository implements PartnerRepository {

    private final PartnerSpringDataRepository partners;
    private final EntityManager entityManager;
    private final TransactionTemplate readOnly;
    private final ApplicationEventPublisher events;
    private final AuditTrail audit;

    JpaPartnerRepository(PartnerSpringDataRepository partners, EntityManager entityManager,
                         PlatformTransactionManager transactionManager, ApplicationEventPublisher events,
                         AuditTrail audit) {
        this.partners = partners;
        this.entityManager = entityManager;
        this.events = events;
        this.audit = audit;
        this.readOnly = new TransactionTemplate(transactionManager);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Every save bumps the partner's version, also when only a system or a structure changed, so two
     * concurrent changes to one aggregate cannot both win. The aggregate's events go out as Spring application
     * events; the listeners that act on other systems (caches, other nodes) are {@code @TransactionalEventListener}s,
     * so they hear of a change only once it is committed. The audit records are written in the caller's transaction
     * (the same connection), after the flush that checks the constraints: a refused change leaves none.
     */
    @Override
    public void save(Partner partner, Actor actor) {
        PartnerJpaEntity entity = partners.findById(partner.id()).orElseGet(PartnerJpaEntity::new);
        if (entity.version != null) {
            entityManager.lock(entity, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
        }
        copyInto(entity, partner);
        try {
            partners.saveAndFlush(entity);
        } catch (DataIntegrityViolationException e) {
            if (String.valueOf(e.getMessage()).contains("partners_email_key")) {
                throw new ConflictException("email", "a partner with this email already exists");
            }
            throw e;
        } catch (ObjectOptimisticLockingFailureException e) {
            throw new ConflictException("partner", "the partner was changed by another request; retry");
        }
        List<PartnerEvent> changes = partner.pullEvents();
        changes.forEach(change -> audit.record(actor, partner.id(), AuditEntry.describing(change)));
        changes.forEach(events::publishEvent);
    }

    @Override
    public Optional<UUID> findPartnerIdOfSystem(UUID systemId) {
        return partners.findPartnerIdOfSystem(systemId);
    }

    @Override
    public Optional<Partner> findById(UUID partnerId) {
        return readOnly.execute(status -> partners.findById(partnerId).map(JpaPartnerRepository::toDomain));
    }

    @Override
    public Optional<Partner> findBySystemId(UUID systemId) {
        return readOnly.execute(status -> partners.findBySystemId(systemId).map(JpaPartnerRepository::toDomain));
    }

    @Override
    public PageView<Partner> findPage(int page, int size) {
        return readOnly.execute(status -> {
            Page<PartnerJpaEntity> found = partners.findAll(PageRequest.of(page, size, Sort.by("createdAt", "id")));
            return new PageView<>(found.map(JpaPartnerRepository::toDomain).getContent(), page, size,
                    found.getTotalElements());
        });
    }

    private static Partner toDomain(PartnerJpaEntity entity) {
        List<PartnerSystem> systems = entity.systems.stream()
                .map(s -> PartnerSystem.restore(new PartnerSystem.Snapshot(s.id, s.partnerId, s.name, s.type, s.active,
                        s.apiKeyHash, s.apiKeyPrefix, s.previousApiKeyHash, s.previousKeyValidUntil,
                        s.allowedOrigins == null ? List.of() : s.allowedOrigins, s.rateLimitPerSecond,
                        s.createdAt, s.updatedAt)))
                .toList();
        List<PartnerEventStructure> structures = entity.eventStructures.stream()
                .map(e -> PartnerEventStructure.restore(e.id, e.eventName, e.schema, e.version, e.description,
                        e.createdAt, e.updatedAt))
                .toList();
        return Partner.restore(entity.id, entity.name, entity.email, entity.active, entity.createdAt, entity.updatedAt,
                systems, structures);
    }

    /** Copies the aggregate onto its entities, keeping the managed child entities that still exist. */
    private static void copyInto(PartnerJpaEntity entity, Partner partner) {
        entity.id = partner.id();
        entity.name = partner.name();
        entity.email = partner.email();
        entity.active = partner.active();
        entity.createdAt = partner.createdAt();
        entity.updatedAt = partner.updatedAt();

        Map<UUID, PartnerSystemJpaEntity> knownSystems = byId(entity.systems, s -> s.id);
        List<PartnerSystemJpaEntity> systems = new ArrayList<>();
        for (PartnerSystem system : partner.systems()) {
            PartnerSystem.Snapshot snapshot = system.snapshot();
            PartnerSystemJpaEntity row = knownSystems.getOrDefault(snapshot.id(), new PartnerSystemJpaEntity());
            row.id = snapshot.id();
            row.partnerId = snapshot.partnerId();
            row.name = snapshot.name();
            row.type = snapshot.type();
            row.active = snapshot.active();
            row.apiKeyHash = snapshot.apiKeyHash();
            row.apiKeyPrefix = snapshot.apiKeyPrefix();
            row.previousApiKeyHash = snapshot.previousApiKeyHash();
            row.previousKeyValidUntil = snapshot.previousKeyValidUntil();
            row.allowedOrigins = new ArrayList<>(snapshot.allowedOrigins());
            row.rateLimitPerSecond = snapshot.rateLimitPerSecond();
            row.createdAt = snapshot.createdAt();
            row.updatedAt = snapshot.updatedAt();
            systems.add(row);
        }
        entity.systems.clear();
        entity.systems.addAll(systems);

        Map<UUID, EventStructureJpaEntity> knownStructures = byId(entity.eventStructures, s -> s.id);
        List<EventStructureJpaEntity> structures = new ArrayList<>();
        for (PartnerEventStructure structure : partner.eventStructures()) {
            EventStructureJpaEntity row = knownStructures.getOrDefault(structure.id(), new EventStructureJpaEntity());
            row.id = structure.id();
            row.partnerId = partner.id();
            row.eventName = structure.eventName();
            row.schema = structure.schema();
            row.version = structure.version();
            row.description = structure.description();
            row.createdAt = structure.createdAt();
            row.updatedAt = structure.updatedAt();
            structures.add(row);
        }
        entity.eventStructures.clear();
        entity.eventStructures.addAll(structures);
    }

    private static <T> Map<UUID, T> byId(List<T> rows, Function<T, UUID> id) {
        return rows.stream().collect(Collectors.toMap(id, Function.identity()));
    }
}
