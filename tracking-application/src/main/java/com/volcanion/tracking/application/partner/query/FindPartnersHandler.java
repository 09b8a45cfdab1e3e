package com.volcanion.tracking.application.partner.query;

import com.volcanion.tracking.application.PageView;
import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.transaction.Transactional;

public class FindPartnersHandler {

    private final PartnerRepository partners;

    public FindPartnersHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public PageView<PartnerView> handle(FindPartnersQuery query) {
        return partners.findPage(query.page(), query.size()).map(PartnerView::from);
    }
}
