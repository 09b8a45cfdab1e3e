package com.volcanion.tracking.application.system.query;

import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.transaction.Transactional;

import java.util.List;

public class FindSystemsHandler {

    private final PartnerRepository partners;

    public FindSystemsHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public List<SystemView> handle(FindSystemsQuery query) {
        return partners.require(query.partnerId()).systems().stream().map(SystemView::from).toList();
    }
}
