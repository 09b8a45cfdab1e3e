package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.port.PartnerRepositoryContract;
import com.volcanion.tracking.domain.partner.Partner;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.infrastructure.testing.InfrastructureIT;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.aPartner;
import static org.assertj.core.api.Assertions.assertThat;

@InfrastructureIT
@RecordApplicationEvents
class JpaPartnerRepositoryIT extends PartnerRepositoryContract {

    @Autowired
    JpaPartnerRepository jpaRepository;
    @Autowired
    TransactionTemplate transactions;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationEvents applicationEvents;

    @Override
    protected List<PartnerEvent> published() {
        return applicationEvents.stream(PartnerEvent.class).toList();
    }

    /** Each call in its own transaction, as a handler would make it. */
    @Override
    protected PartnerRepository repository() {
        return new PartnerRepository() {
            @Override
            public void save(Partner partner, Actor actor) {
                transactions.executeWithoutResult(status -> jpaRepository.save(partner, actor));
            }

            @Override
            public Optional<UUID> findPartnerIdOfSystem(UUID systemId) {
                return jpaRepository.findPartnerIdOfSystem(systemId);
            }

            @Override
            public Optional<Partner> findById(UUID partnerId) {
                return transactions.execute(status -> jpaRepository.findById(partnerId));
            }

            @Override
            public Optional<Partner> findBySystemId(UUID systemId) {
                return transactions.execute(status -> jpaRepository.findBySystemId(systemId));
            }

            @Override
            public PageView<Partner> findPage(int page, int size) {
                return transactions.execute(status -> jpaRepository.findPage(page, size));
            }
        };
    }

    @Test
    void storesOnlyTheHashOfAKey() {
        Partner partner = aPartner().withEmail("hash-" + UUID.randomUUID() + "@acme.example").build();
        var issued = partner.addSystem("Web", com.volcanion.tracking.domain.partner.SystemType.WEBSITE, List.of(), clock);
        repository().save(partner, Actor.OPERATOR);

        String stored = jdbc.queryForObject("select api_key_hash || api_key_prefix from write.partner_systems where id = ?",
                String.class, issued.system().id());

        assertThat(stored).doesNotContain(issued.apiKey().value()).startsWith(issued.apiKey().hash());
    }
}
