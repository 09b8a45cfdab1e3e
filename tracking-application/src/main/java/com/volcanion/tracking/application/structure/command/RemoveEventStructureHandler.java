package com.volcanion.tracking.application.structure.command;

import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.PartnerEventPublisher;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.partner.Partner;
import jakarta.transaction.Transactional;

public class RemoveEventStructureHandler {

    private final PartnerRepository partners;
    private final PartnerEventPublisher events;

    public RemoveEventStructureHandler(PartnerRepository partners, PartnerEventPublisher events) {
        this.partners = partners;
        this.events = events;
    }

    @Transactional
    public void handle(RemoveEventStructureCommand command) {
        Partner partner = partners.require(command.partnerId());
        if (!partner.removeEventStructure(command.eventName())) {
            throw new NotFoundException("event structure", command.eventName());
        }
        partners.save(partner);
        events.publish(partner.pullEvents());
    }
}
