package com.volcanion.tracking.application.partner.command;

import com.volcanion.tracking.application.partner.query.PartnerView;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

import java.time.Clock;

public class UpdatePartnerHandler {

    private final PartnerRepository partners;
    private final Clock clock;

    public UpdatePartnerHandler(PartnerRepository partners, Clock clock) {
        this.partners = partners;
        this.clock = clock;
    }

    @Transactional
    public PartnerView handle(UpdatePartnerCommand command) {
        Partner partner = partners.require(command.partnerId());
        if (command.name() != null) {
            partner.rename(command.name(), clock);
        }
        if (command.email() != null) {
            partner.changeEmail(command.email(), clock);
        }
        if (Boolean.TRUE.equals(command.active())) {
            partner.activate(clock);
        } else if (Boolean.FALSE.equals(command.active())) {
            partner.deactivate(clock);
        }
        partners.save(partner, command.actor());
        return PartnerView.from(partner);
    }
}
