package com.volcanion.tracking.application.partner;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.partner.command.RegisterPartnerCommand;
import com.volcanion.tracking.application.partner.command.RegisterPartnerHandler;
import com.volcanion.tracking.application.partner.command.UpdatePartnerCommand;
import com.volcanion.tracking.application.partner.command.UpdatePartnerHandler;
import com.volcanion.tracking.application.partner.query.FindPartnersHandler;
import com.volcanion.tracking.application.partner.query.FindPartnersQuery;
import com.volcanion.tracking.application.partner.query.GetPartnerHandler;
import com.volcanion.tracking.application.partner.query.GetPartnerQuery;
import com.volcanion.tracking.application.port.InMemoryPartnerRepository;
import com.volcanion.tracking.application.system.command.RegisterSystemCommand;
import com.volcanion.tracking.application.system.command.RegisterSystemHandler;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerActivationChanged;
import com.volcanion.tracking.domain.partner.SystemType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.FIXED_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerHandlersTest {

    private final InMemoryPartnerRepository partners = new InMemoryPartnerRepository();
    private final RegisterPartnerHandler register = new RegisterPartnerHandler(partners, FIXED_CLOCK);
    private final UpdatePartnerHandler update = new UpdatePartnerHandler(partners, FIXED_CLOCK);

    @Test
    void registersAnActivePartner() {
        var partner = register.handle(new RegisterPartnerCommand(Actor.OPERATOR, "Acme", "ops@acme.example"));

        assertThat(partner.active()).isTrue();
        assertThat(new GetPartnerHandler(partners).handle(new GetPartnerQuery(partner.id()))).isEqualTo(partner);
    }

    @Test
    void refusesATakenEmailEvenInAnotherCase() {
        register.handle(new RegisterPartnerCommand(Actor.OPERATOR, "Acme", "ops@acme.example"));

        assertThatThrownBy(() -> register.handle(new RegisterPartnerCommand(Actor.OPERATOR, "Other", "OPS@acme.example")))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void deactivationPublishesTheKeysToEvict() {
        var partner = register.handle(new RegisterPartnerCommand(Actor.OPERATOR, "Acme", "ops@acme.example"));
        var system = new RegisterSystemHandler(partners, FIXED_CLOCK)
                .handle(new RegisterSystemCommand(Actor.OPERATOR, partner.id(), "Web", SystemType.WEBSITE, List.of()));

        var updated = update.handle(new UpdatePartnerCommand(Actor.OPERATOR, partner.id(), null, null, false));

        assertThat(updated.active()).isFalse();
        assertThat(partners.publishedChanges()).singleElement().isInstanceOfSatisfying(PartnerActivationChanged.class,
                event -> assertThat(event.staleApiKeyHashes())
                        .containsExactly(ApiKey.parse(system.apiKey()).orElseThrow().hash()));
    }

    @Test
    void changesOnlyTheFieldsGiven() {
        var partner = register.handle(new RegisterPartnerCommand(Actor.OPERATOR, "Acme", "ops@acme.example"));

        var updated = update.handle(new UpdatePartnerCommand(Actor.OPERATOR, partner.id(), "Acme Corp", null, null));

        assertThat(updated.name()).isEqualTo("Acme Corp");
        assertThat(updated.email()).isEqualTo("ops@acme.example");
        assertThat(updated.active()).isTrue();
    }

    @Test
    void answersNotFoundForAnUnknownPartner() {
        assertThatThrownBy(() -> update.handle(new UpdatePartnerCommand(Actor.OPERATOR, UUID.randomUUID(), "x", null, null)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void pagesPartners() {
        for (int i = 0; i < 3; i++) {
            register.handle(new RegisterPartnerCommand(Actor.OPERATOR, "P" + i, "p" + i + "@acme.example"));
        }

        var page = new FindPartnersHandler(partners).handle(new FindPartnersQuery(1, 2));

        assertThat(page.items()).hasSize(1);
        assertThat(page.totalItems()).isEqualTo(3);
        assertThat(page.totalPages()).isEqualTo(2);
        assertThatThrownBy(() -> new FindPartnersQuery(0, 0)).isInstanceOf(DomainRuleViolation.class);
    }
}
