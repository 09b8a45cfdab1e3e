package com.volcanion.tracking.application.partner.command;

import com.volcanion.tracking.application.partner.query.PartnerView;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;

public class RegisterPartnerHandler {

    private final PartnerRepository partners;
    private final Clock clock;

    public RegisterPartnerHandler(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    @Transactional
    public PartnerView handle(RegisterPartnerCommand command) {
        Partner partner = Partner.register(command.name(), command.email(), clock);
        partners.save(partner, command.actor());
        return PartnerView.from(partner);
    }
}
