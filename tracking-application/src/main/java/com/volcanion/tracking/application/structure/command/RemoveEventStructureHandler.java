package com.volcanion.tracking.application.structure.command;

import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

public class RemoveEventStructureHandler {

    private final PartnerRepository partners;

    public RemoveEventStructureHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public void handle(RemoveEventStructureCommand command) {
        Partner partner = partners.require(command.partnerId());
        if (!partner.removeEventStructure(command.eventName())) {
            throw new NotFoundException("event structure", command.eventName());
        }
        partners.save(partner, command.actor());
    }
}
