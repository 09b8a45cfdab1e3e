package com.volcanion.tracking.application.system;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.InMemoryPartnerRepository;
import com.volcanion.tracking.application.system.command.RegisterSystemCommand;
import com.volcanion.tracking.application.system.command.RegisterSystemHandler;
import com.volcanion.tracking.application.system.command.RegisteredSystem;
import com.volcanion.tracking.application.system.command.RotateApiKeyCommand;
import com.volcanion.tracking.application.system.command.RotateApiKeyHandler;
import com.volcanion.tracking.application.system.command.UpdateSystemCommand;
import com.volcanion.tracking.application.system.command.UpdateSystemHandler;
import com.volcanion.tracking.application.system.query.FindSystemsHandler;
import com.volcanion.tracking.application.system.query.FindSystemsQuery;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.domain.partner.PartnerEvent.ApiKeyRotated;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemActivationChanged;
import com.volcanion.tracking.domain.partner.SystemType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.FIXED_CLOCK;
import static com.volcanion.tracking.domain.partner.PartnerBuilder.aPartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SystemHandlersTest {

    private final InMemoryPartnerRepository partners = new InMemoryPartnerRepository();
    private UUID partnerId;
    private RegisteredSystem web;

    @BeforeEach
    void aPartnerWithOneSystem() {
        var partner = aPartner().build();
        partners.save(partner, Actor.OPERATOR);
        partnerId = partner.id();
        web = new RegisterSystemHandler(partners, FIXED_CLOCK)
                .handle(new RegisterSystemCommand(Actor.OPERATOR, partnerId, "Web", SystemType.WEBSITE, List.of("https://acme.example")));
    }

    @Test
    void registersASystemAndShowsItsKeyOnce() {
        assertThat(ApiKey.parse(web.apiKey())).isPresent();
        assertThat(web.apiKey()).startsWith(web.system().apiKeyPrefix());
        assertThat(web.toString()).doesNotContain(web.apiKey());
        assertThat(new FindSystemsHandler(partners).handle(new FindSystemsQuery(partnerId)))
                .containsExactly(web.system());
    }

    @Test
    void deactivatingASystemPublishesItsKeyForEviction() {
        var updated = new UpdateSystemHandler(partners, FIXED_CLOCK)
                .handle(new UpdateSystemCommand(Actor.OPERATOR, web.system().id(), null, false, null, null));

        assertThat(updated.active()).isFalse();
        assertThat(partners.publishedChanges()).singleElement().isInstanceOf(SystemActivationChanged.class);
    }

    @Test
    void rotatingWithGraceTellsUntilWhenTheOldKeyWorks() {
        var rotated = new RotateApiKeyHandler(partners, FIXED_CLOCK)
                .handle(new RotateApiKeyCommand(Actor.OPERATOR, web.system().id(), 3600));

        assertThat(rotated.apiKey()).isNotEqualTo(web.apiKey());
        assertThat(rotated.previousKeyValidUntil()).isEqualTo(FIXED_CLOCK.instant().plusSeconds(3600));
        var stored = partners.requireOwnerOf(web.system().id()).system(web.system().id()).orElseThrow();
        assertThat(stored.apiKeyPrefix()).isEqualTo(rotated.apiKeyPrefix());
        assertThat(partners.publishedChanges()).singleElement().isInstanceOfSatisfying(ApiKeyRotated.class,
                event -> assertThat(event.staleApiKeyHashes())
                        .containsExactly(ApiKey.parse(web.apiKey()).orElseThrow().hash()));
    }

    @Test
    void refusesAGracePeriodOutOfRange() {
        assertThatThrownBy(() -> new RotateApiKeyCommand(Actor.OPERATOR, web.system().id(), -1)).isInstanceOf(DomainRuleViolation.class);
        assertThatThrownBy(() -> new RotateApiKeyCommand(Actor.OPERATOR, web.system().id(), 31L * 24 * 3600))
                .isInstanceOf(DomainRuleViolation.class);
    }

    @Test
    void answersNotFoundForAnUnknownSystem() {
        assertThatThrownBy(() -> new RotateApiKeyHandler(partners, FIXED_CLOCK)
                .handle(new RotateApiKeyCommand(Actor.OPERATOR, UUID.randomUUID(), 0)))
                .isInstanceOf(NotFoundException.class);
    }
}
