package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.port.PartnerTokens;
import com.volcanion.tracking.application.port.PartnerTokens.StoredToken;
import jakarta.transaction.Transactional;

import java.util.UUID;

/**
 * Removes a partner's token. Every node reads tokens from the database at each request, so the next request with it
 * is refused on every node.
 */
public class RevokePartnerTokenHandler {

    private final PartnerTokens tokens;
    private final AuditTrail audit;

    public RevokePartnerTokenHandler(PartnerTokens tokens, AuditTrail audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @Transactional
    public void handle(Actor actor, UUID partnerId, UUID tokenId) {
        StoredToken removed = tokens.remove(partnerId, tokenId)
                .orElseThrow(() -> new NotFoundException("token", tokenId));
        audit.record(actor, partnerId, new AuditEntry("token.revoked", "token:" + tokenId,
                AuditEntry.details("name", removed.name(), "tokenPrefix", removed.tokenPrefix())));
    }
}
