package com.volcanion.tracking.infrastructure.persistence;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

import java.util.Optional;
import java.util.UUID;

interface PartnerSpringDataRepository extends JpaRepository<PartnerJpaEntity, UUID> {

    @Query("select p from PartnerJpaEntity p where p.id = (select s.partnerId from PartnerSystemJpaEntity s where s.id = :systemId)")
    Optional<PartnerJpaEntity> findBySystemId(UUID systemId);

    @Query("select s.partnerId from PartnerSystemJpaEntity s where s.id = :systemId")
    Optional<UUID> findPartnerIdOfSystem(UUID systemId);
}
