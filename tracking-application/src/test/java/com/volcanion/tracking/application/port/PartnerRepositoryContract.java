package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.domain.partner.MutableClock;
import com.volcanion.tracking.domain.partner.Partner;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerRenamed;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemActivationChanged;
import com.volcanion.tracking.domain.partner.PartnerSystem;
import com.volcanion.tracking.domain.partner.SystemType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.aPartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link PartnerRepository} must do. Run against the in-memory fake and the JPA adapter, so the
 * fake the handler tests rely on behaves like the database.
 */
public abstract class PartnerRepositoryContract {

    protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    protected abstract PartnerRepository repository();

    /** The partner events the repository's saves published so far, oldest first. */
    protected abstract List<PartnerEvent> published();

    private String uniqueEmail() {
        return "ops-" + UUID.randomUUID() + "@acme.example";
    }

    @Test
    void keepsTheWholeAggregate() {
        Partner partner = aPartner().withEmail(uniqueEmail()).build();
        var issued = partner.addSystem("Web", SystemType.WEBSITE, List.of("https://shop.example.com"), clock);
        partner.rotateSystemKey(issued.system().id(), Duration.ofMinutes(5), clock);
        partner.defineEventStructure("Order Completed", "{\"type\":\"object\"}", "orders", clock);

        repository().save(partner, Actor.OPERATOR);
        Partner loaded = repository().findById(partner.id()).orElseThrow();

        assertThat(loaded.name()).isEqualTo(partner.name());
        assertThat(loaded.email()).isEqualTo(partner.email());
        PartnerSystem system = loaded.system(issued.system().id()).orElseThrow();
        assertThat(system.snapshot()).usingRecursiveComparison()
                .ignoringFieldsOfTypes(Instant.class)
                .isEqualTo(issued.system().snapshot());
        assertThat(system.previousKeyValidUntil()).isEqualTo(issued.system().previousKeyValidUntil());
        assertThat(system.recognizesKey(issued.apiKey().hash(), clock.instant())).isTrue();
        assertThat(loaded.eventStructure("Order Completed").orElseThrow().schema()).isEqualTo("{\"type\":\"object\"}");
    }

    @Test
    void savesChangesToAnExistingAggregate() {
        Partner partner = aPartner().withEmail(uniqueEmail()).build();
        var system = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();
        partner.defineEventStructure("Signed Up", "{}", null, clock);
        repository().save(partner, Actor.OPERATOR);

        Partner loaded = repository().findById(partner.id()).orElseThrow();
        loaded.rename("Renamed", clock);
        loaded.changeSystemActivation(system.id(), false, clock);
        loaded.removeEventStructure("Signed Up");
        loaded.defineEventStructure("Checkout", "{}", null, clock);
        repository().save(loaded, Actor.OPERATOR);

        Partner reloaded = repository().findById(partner.id()).orElseThrow();
        assertThat(reloaded.name()).isEqualTo("Renamed");
        assertThat(reloaded.system(system.id()).orElseThrow().active()).isFalse();
        assertThat(reloaded.eventStructures()).extracting(s -> s.eventName()).containsExactly("Checkout");
    }

    @Test
    void findsThePartnerOwningASystem() {
        Partner partner = aPartner().withEmail(uniqueEmail()).build();
        var system = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();
        repository().save(partner, Actor.OPERATOR);

        assertThat(repository().findBySystemId(system.id())).map(Partner::id).contains(partner.id());
        assertThat(repository().findBySystemId(UUID.randomUUID())).isEmpty();
        assertThat(repository().findPartnerIdOfSystem(system.id())).contains(partner.id());
        assertThat(repository().findPartnerIdOfSystem(partner.id())).as("a partner id is no system id").isEmpty();
    }

    @Test
    void publishesWhatTheAggregateRecordedWhenItSavesItOnce() {
        Partner partner = aPartner().withEmail(uniqueEmail()).build();
        var system = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();
        repository().save(partner, Actor.OPERATOR);
        int before = published().size();

        partner.rename("Renamed", clock);
        partner.changeSystemActivation(system.id(), false, clock);
        repository().save(partner, Actor.OPERATOR);
        repository().save(partner, Actor.OPERATOR);

        assertThat(published().subList(before, published().size())).containsExactly(
                new PartnerRenamed(partner.id(), "Renamed"),
                new SystemActivationChanged(partner.id(), system.id(), false, system.liveKeyHashes()));
    }

    @Test
    void publishesNothingOfASaveItRefuses() {
        String email = uniqueEmail();
        repository().save(aPartner().withEmail(email).build(), Actor.OPERATOR);
        Partner second = aPartner().withEmail(email).build();
        second.rename("Second", clock);
        int before = published().size();

        assertThatThrownBy(() -> repository().save(second, Actor.OPERATOR)).isInstanceOf(ConflictException.class);
        assertThat(published()).hasSize(before);
    }

    @Test
    void refusesASecondPartnerWithTheSameEmail() {
        String email = uniqueEmail();
        repository().save(aPartner().withEmail(email).build(), Actor.OPERATOR);

        assertThatThrownBy(() -> repository().save(aPartner().withEmail(email).build(), Actor.OPERATOR))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void pagesPartnersOldestFirst() {
        var first = aPartner().withEmail(uniqueEmail()).build();
        repository().save(first, Actor.OPERATOR);

        var page = repository().findPage(0, 1);

        assertThat(page.items()).hasSize(1);
        assertThat(page.totalItems()).isGreaterThanOrEqualTo(1);
        assertThat(repository().findPage((int) page.totalItems(), 1).items()).isEmpty();
    }
}
