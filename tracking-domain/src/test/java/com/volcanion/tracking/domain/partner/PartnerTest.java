package com.volcanion.tracking.domain.partner;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.apikey.ApiKey;
import com.volcanion.tracking.domain.partner.PartnerEvent.ApiKeyRotated;
import com.volcanion.tracking.domain.partner.PartnerEvent.EventStructureChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerActivationChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerRegistered;
import com.volcanion.tracking.domain.partner.PartnerEvent.PartnerRenamed;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemActivationChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemOriginsChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemRateLimitChanged;
import com.volcanion.tracking.domain.partner.PartnerEvent.SystemRegistered;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.FIXED_CLOCK;
import static com.volcanion.tracking.domain.partner.PartnerBuilder.aPartner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PartnerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T10:00:00Z"));

    @Test
    void aDeactivatedPartnerMakesAllItsSystemsUnableToIngest() {
        Partner partner = aPartner().build();
        var web = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();
        var ios = partner.addSystem("iOS", SystemType.IOS_APP, List.of(), clock).system();

        partner.deactivate(clock);

        assertThat(partner.canIngest(web.id())).isFalse();
        assertThat(partner.canIngest(ios.id())).isFalse();
        assertThat(web.active()).as("the system keeps its own flag").isTrue();
        assertThat(changesSinceCreation(partner)).singleElement().isInstanceOfSatisfying(PartnerActivationChanged.class,
                event -> assertThat(event.staleApiKeyHashes()).containsExactlyInAnyOrder(web.apiKeyHash(), ios.apiKeyHash()));
    }

    @Test
    void reactivatingThePartnerRestoresIngestionOfActiveSystemsOnly() {
        Partner partner = aPartner().build();
        var web = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();
        var ios = partner.addSystem("iOS", SystemType.IOS_APP, List.of(), clock).system();
        partner.changeSystemActivation(ios.id(), false, clock);
        partner.deactivate(clock);

        partner.activate(clock);

        assertThat(partner.canIngest(web.id())).isTrue();
        assertThat(partner.canIngest(ios.id())).isFalse();
    }

    @Test
    void deactivatingASystemNamesItsKeyForEviction() {
        Partner partner = aPartner().build();
        var web = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();

        partner.changeSystemActivation(web.id(), false, clock);

        assertThat(partner.canIngest(web.id())).isFalse();
        assertThat(changesSinceCreation(partner)).singleElement().isInstanceOfSatisfying(SystemActivationChanged.class,
                event -> assertThat(event.staleApiKeyHashes()).containsExactly(web.apiKeyHash()));
    }

    @Test
    void issuesAKeyWhoseHashAloneIsKept() {
        Partner partner = aPartner().build();

        Partner.IssuedSystem issued = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock);

        assertThat(issued.system().apiKeyHash()).isEqualTo(issued.apiKey().hash());
        assertThat(issued.system().apiKeyPrefix()).isEqualTo(issued.apiKey().displayPrefix());
        assertThat(issued.system().recognizesKey(issued.apiKey().hash(), clock.instant())).isTrue();
    }

    @Test
    void rotationWithGraceKeepsThePreviousKeyValidUntilItsExpiry() {
        Partner partner = aPartner().build();
        Partner.IssuedSystem issued = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock);
        PartnerSystem system = issued.system();

        ApiKey newKey = partner.rotateSystemKey(system.id(), Duration.ofMinutes(10), clock);

        assertThat(system.recognizesKey(newKey.hash(), clock.instant())).isTrue();
        assertThat(system.recognizesKey(issued.apiKey().hash(), clock.instant())).isTrue();
        assertThat(system.previousKeyValidUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(10));
        assertThat(system.recognizesKey(issued.apiKey().hash(), clock.instant())).isFalse();
        assertThat(system.recognizesKey(newKey.hash(), clock.instant())).isTrue();
    }

    @Test
    void rotationWithoutGraceRevokesThePreviousKeyAtOnce() {
        Partner partner = aPartner().build();
        Partner.IssuedSystem issued = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock);

        ApiKey newKey = partner.rotateSystemKey(issued.system().id(), Duration.ZERO, clock);

        assertThat(issued.system().recognizesKey(issued.apiKey().hash(), clock.instant())).isFalse();
        assertThat(issued.system().recognizesKey(newKey.hash(), clock.instant())).isTrue();
        assertThat(issued.system().previousKeyValidUntil()).isNull();
        assertThat(changesSinceCreation(partner)).singleElement().isInstanceOfSatisfying(ApiKeyRotated.class,
                event -> {
                    assertThat(event.staleApiKeyHashes()).containsExactly(issued.apiKey().hash());
                    assertThat(event.apiKeyPrefix()).isEqualTo(newKey.displayPrefix());
                    assertThat(event.previousKeyValidUntil()).isNull();
                });
    }

    @Test
    void refusesANegativeGracePeriod() {
        Partner partner = aPartner().build();
        var system = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();

        assertThatThrownBy(() -> partner.rotateSystemKey(system.id(), Duration.ofSeconds(-1), clock))
                .isInstanceOf(DomainRuleViolation.class);
    }

    @Test
    void aStructureStartsAtVersionOneAndGrowsOnlyOnARealChange() {
        Partner partner = aPartner().build();

        var created = partner.defineEventStructure("Order Completed", "{\"type\":\"object\"}", "orders", clock);
        assertThat(created.created()).isTrue();
        assertThat(created.structure().version()).isEqualTo(1);

        var same = partner.defineEventStructure("Order Completed", "{\"type\":\"object\"}", "orders", clock);
        assertThat(same.changed()).isFalse();
        assertThat(same.structure().version()).isEqualTo(1);

        var changed = partner.defineEventStructure("Order Completed", "{\"type\":\"object\",\"required\":[\"total\"]}",
                "orders", clock);
        assertThat(changed.changed()).isTrue();
        assertThat(changed.structure().version()).isEqualTo(2);

        var described = partner.defineEventStructure("Order Completed", "{\"type\":\"object\",\"required\":[\"total\"]}",
                "orders with totals", clock);
        assertThat(described.structure().version()).isEqualTo(3);
        assertThat(partner.pullEvents()).filteredOn(EventStructureChanged.class::isInstance).hasSize(3);
    }

    @Test
    void removingAStructureRecordsItAndForgetsIt() {
        Partner partner = aPartner().build();
        partner.defineEventStructure("Signed Up", "{}", null, clock);

        assertThat(partner.removeEventStructure("Signed Up")).isTrue();
        assertThat(partner.removeEventStructure("Signed Up")).isFalse();
        assertThat(partner.eventStructure("Signed Up")).isEmpty();
    }

    @Test
    void renamingRecordsAnEventOnlyWhenTheNameChanges() {
        Partner partner = aPartner().withName("Acme").build();

        partner.rename("Acme", FIXED_CLOCK);
        partner.rename("Acme Corp", FIXED_CLOCK);

        assertThat(changesSinceCreation(partner)).singleElement().isEqualTo(new PartnerRenamed(partner.id(), "Acme Corp"));
        assertThat(partner.pullEvents()).isEmpty();
    }

    @Test
    void refusesABlankNameAndAMalformedEmail() {
        assertThatThrownBy(() -> aPartner().withName("  ").build())
                .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> aPartner().withEmail("not-an-email").build())
                .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("email"));
    }

    @Test
    void keepsEmailsInLowerCase() {
        assertThat(aPartner().withEmail("Ops@Acme.Example").build().email()).isEqualTo("ops@acme.example");
    }

    @Test
    void normalizesAllowedOriginsAndRefusesWhatIsNoOrigin() {
        Partner partner = aPartner().build();

        var system = partner.addSystem("Web", SystemType.WEBSITE,
                List.of("HTTPS://Shop.Example.com/", "http://localhost:3000", "https://shop.example.com"), clock).system();

        assertThat(system.allowedOrigins()).containsExactly("https://shop.example.com", "http://localhost:3000");
        assertThatThrownBy(() -> partner.changeSystemOrigins(system.id(), List.of("https://shop.example.com/cart"), clock))
                .isInstanceOf(DomainRuleViolation.class);
        assertThatThrownBy(() -> partner.changeSystemOrigins(system.id(), List.of("ftp://files.example.com"), clock))
                .isInstanceOf(DomainRuleViolation.class);
    }

    @Test
    void aSystemsOwnRateLimitIsBoundedAndNamesItsKeyForEvictionOnlyWhenItChanges() {
        Partner partner = aPartner().build();
        var web = partner.addSystem("Web", SystemType.WEBSITE, List.of(), clock).system();
        assertThat(web.rateLimitPerSecond()).isNull();

        partner.changeSystemRateLimit(web.id(), 50, clock);
        partner.changeSystemRateLimit(web.id(), 50, clock);

        assertThat(web.rateLimitPerSecond()).isEqualTo(50);
        assertThat(changesSinceCreation(partner)).singleElement().isInstanceOfSatisfying(SystemRateLimitChanged.class,
                event -> assertThat(event.staleApiKeyHashes()).containsExactly(web.apiKeyHash()));
        assertThatThrownBy(() -> partner.changeSystemRateLimit(web.id(), 0, clock))
                .isInstanceOf(DomainRuleViolation.class);
        assertThatThrownBy(() -> partner.changeSystemRateLimit(web.id(), PartnerSystem.MAX_RATE_LIMIT_PER_SECOND + 1, clock))
                .isInstanceOf(DomainRuleViolation.class);
    }

    /** Registration and every change record an event that names no plain key: what the audit trail is made of. */
    @Test
    void everyChangeRecordsAnEventThatNamesNoPlainKey() {
        Partner partner = aPartner().withName("Acme").withEmail("ops@acme.example").build();
        Partner.IssuedSystem issued = partner.addSystem("Web", SystemType.WEBSITE, List.of("https://acme.example"), clock);
        UUID systemId = issued.system().id();
        partner.changeEmail("admin@acme.example", clock);
        partner.changeEmail("admin@acme.example", clock);
        partner.changeSystemOrigins(systemId, List.of("https://shop.acme.example"), clock);
        ApiKey rotated = partner.rotateSystemKey(systemId, Duration.ofHours(1), clock);

        List<PartnerEvent> events = partner.pullEvents();

        assertThat(events).map(event -> event.getClass().getSimpleName()).containsExactly("PartnerRegistered",
                "SystemRegistered", "PartnerEmailChanged", "SystemOriginsChanged", "ApiKeyRotated");
        assertThat(events.get(0)).isEqualTo(new PartnerRegistered(partner.id(), "Acme", "ops@acme.example"));
        assertThat(events.get(1)).isEqualTo(new SystemRegistered(partner.id(), systemId, "Web", SystemType.WEBSITE,
                issued.apiKey().displayPrefix(), List.of("https://acme.example")));
        assertThat(events.get(3)).isInstanceOfSatisfying(SystemOriginsChanged.class,
                event -> assertThat(event.allowedOrigins()).containsExactly("https://shop.acme.example"));
        assertThat(events.get(4)).isInstanceOfSatisfying(ApiKeyRotated.class, event -> {
            assertThat(event.apiKeyPrefix()).isEqualTo(rotated.displayPrefix());
            assertThat(event.previousKeyValidUntil()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        });
        assertThat(events.toString()).doesNotContain(issued.apiKey().value()).doesNotContain(rotated.value());
    }

    /** The events after the partner's and its systems' registration: what a test of one change looks at. */
    private static List<PartnerEvent> changesSinceCreation(Partner partner) {
        return partner.pullEvents().stream()
                .filter(event -> !(event instanceof PartnerRegistered || event instanceof SystemRegistered))
                .toList();
    }
}
