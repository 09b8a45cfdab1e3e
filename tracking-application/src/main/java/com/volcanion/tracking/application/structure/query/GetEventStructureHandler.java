package com.volcanion.tracking.application.structure.query;

import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.transaction.Transactional;

public class GetEventStructureHandler {

    private final PartnerRepository partners;

    public GetEventStructureHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public EventStructureView handle(GetEventStructureQuery query) {
        return partners.require(query.partnerId()).eventStructure(query.eventName())
                .map(EventStructureView::from)
                .orElseThrow(() -> new NotFoundException("event structure", query.eventName()));
    }
}
