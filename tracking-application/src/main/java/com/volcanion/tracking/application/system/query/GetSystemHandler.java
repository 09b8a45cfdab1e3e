package com.volcanion.tracking.application.system.query;

import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.transaction.Transactional;

public class GetSystemHandler {

    private final PartnerRepository partners;

    public GetSystemHandler(PartnerRepository partners) {
        this.partners = partners;
    }

    @Transactional
    public SystemView handle(GetSystemQuery query) {
        return SystemView.from(partners.requireOwnerOf(query.systemId()).system(query.systemId()).orElseThrow());
    }
}
