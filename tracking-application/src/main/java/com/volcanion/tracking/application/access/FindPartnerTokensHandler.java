package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.port.PartnerTokens;
import com.volcanion.tracking.application.port.PartnerTokens.StoredToken;

import java.util.List;
import java.util.UUID;

public class FindPartnerTokensHandler {

    private final PartnerRepository partners;
    private final PartnerTokens tokens;

    public FindPartnerTokensHandler(PartnerRepository partners, PartnerTokens tokens) {
        this.partners = partners;
        this.tokens = tokens;
    }

    public List<StoredToken> handle(UUID partnerId) {
        partners.require(partnerId);
        return tokens.list(partnerId);
    }
}
