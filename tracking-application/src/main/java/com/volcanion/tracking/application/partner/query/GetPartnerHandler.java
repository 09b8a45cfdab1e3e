package com.volcanion.tracking.application.partner.query;

import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.transaction.Transactional;

public class GetPartnerHandler {

    private final PartnerRepository partners;

    public GetPartnerHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public PartnerView handle(GetPartnerQuery query) {
        return PartnerView.from(partners.require(query.partnerId()));
    }
}
