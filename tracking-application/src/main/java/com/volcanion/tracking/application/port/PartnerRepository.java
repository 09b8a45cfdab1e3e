package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.domain.partner.Partner;

import java.util.Optional;
import java.util.UUID;

/** Stores whole Partner aggregates: the partner with its systems and event structures. */
public interface PartnerRepository {

    /**
     * Inserts or updates the aggregate, checking the database's constraints at once, records each event the aggregate
     * recorded ({@link Partner#pullEvents()}) in the audit trail as done by {@code actor}, in the surrounding
     * transaction, then publishes them to the rest of the system (caches on every node, the read model), which hears
     * of them once that transaction commits. Saving is auditing and publishing: no use case can change a partner and
     * forget to tell, or leave no trace.
     *
     * @throws ConflictException when another partner already uses the email (nothing is recorded or published)
     */
    void save(Partner partner, Actor actor);

    /** The id of the partner owning the system, without loading the partner. */
    Optional<UUID> findPartnerIdOfSystem(UUID systemId);

    Optional<Partner> findById(UUID partnerId);

    Optional<Partner> findBySystemId(UUID systemId);

    /** Partners ordered by creation time, oldest first; {@code page} counts from 0. */
    PageView<Partner> findPage(int page, int size);

    /** The partner, or a {@link NotFoundException}. */
    default Partner require(UUID partnerId) {
        return findById(partnerId).orElseThrow(() -> new NotFoundException("partner", partnerId));
    }

    /** The partner owning the system, or a {@link NotFoundException} naming the system. */
    default Partner requireOwnerOf(UUID systemId) {
        return findBySystemId(systemId).orElseThrow(() -> new NotFoundException("system", systemId));
    }

    /**
     * The partner, or a {@link NotFoundException}; and, when {@code systemId} is given, a {@link NotFoundException}
     * unless it names one of the partner's systems (another partner's system is as unknown as one that exists nowhere).
     */
    default void requireScope(UUID partnerId, UUID systemId) {
        require(partnerId);
        if (systemId != null && !findPartnerIdOfSystem(systemId).map(partnerId::equals).orElse(false)) {
            throw new NotFoundException("system", systemId);
        }
    }
}
