package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.system.query.SystemView;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;

public class RegisterSystemHandler {

    private final PartnerRepository partners;
    private final Clock clock;

    public RegisterSystemHandler(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    @Transactional
    public RegisteredSystem handle(RegisterSystemCommand command) {
        Partner partner = partners.require(command.partnerId());
        Partner.IssuedSystem issued = partner.addSystem(command.name(), command.type(), command.allowedOrigins(), clock);
        partners.save(partner, command.actor());
        return new RegisteredSystem(SystemView.from(issued.system()), issued.apiKey().value());
    }
}
