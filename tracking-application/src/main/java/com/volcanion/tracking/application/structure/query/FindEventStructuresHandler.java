package com.volcanion.tracking.application.structure.query;

import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.transaction.Transactional;

import java.util.Comparator;
import java.util.List;

public class FindEventStructuresHandler {

    private final PartnerRepository partners;

    public FindEventStructuresHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public List<EventStructureView> handle(FindEventStructuresQuery query) {
        return partners.require(query.partnerId()).eventStructures().stream()
                .map(EventStructureView::from)
                .sorted(Comparator.comparing(EventStructureView::eventName))
                .toList();
    }
}
