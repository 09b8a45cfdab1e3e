package com.volcanion.tracking.domain.partner;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** Test data builder: {@code aPartner().withEmail("ops@shop.example").build()}. */
public final class PartnerBuilder {

    public static final Clock FIXED_CLOCK = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);

    private String name = "Acme Shop";
    private String email = "ops@acme.example";
    private Clock clock = FIXED_CLOCK;

    private PartnerBuilder() {
    }

    public static PartnerBuilder aPartner() {
        return new PartnerBuilder();
    }

    public PartnerBuilder withName(String name) {
        this.name = name;
        return this;
    }

    public PartnerBuilder withEmail(String email) {
        this.email = email;
        return this;
    }

    public PartnerBuilder registeredAt(Clock clock) {
        this.clock = clock;
        return this;
    }

    public Partner build() {
        return Partner.register(name, email, clock);
    }
}
