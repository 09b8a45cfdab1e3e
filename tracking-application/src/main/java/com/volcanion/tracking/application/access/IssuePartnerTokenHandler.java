package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.application.port.PartnerTokens;
import com.volcanion.tracking.application.port.PartnerTokens.StoredToken;
import com.volcanion.tracking.domain.Require;
import com.volcanion.tracking.domain.credential.PartnerToken;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

public class IssuePartnerTokenHandler {

    static final int MAX_NAME_LENGTH = 200;

    private final PartnerRepository partners;
    private final PartnerTokens tokens;
    private final AuditTrail audit;
    private final Clock clock;

    public IssuePartnerTokenHandler(PartnerRepository partners, PartnerTokens tokens, AuditTrail audit, Clock clock) {
        this.partners = partners;
        this.tokens = tokens;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public IssuedPartnerToken handle(IssuePartnerTokenCommand command) {
        String name = Require.text("name", command.name(), MAX_NAME_LENGTH);
        partners.require(command.partnerId());
        PartnerToken token = PartnerToken.generate();
        Instant now = clock.instant();
        StoredToken stored = new StoredToken(UUID.randomUUID(), command.partnerId(), name, token.hash(),
                token.displayPrefix(), now, null);
        tokens.add(stored);
        audit.record(command.actor(), command.partnerId(), new AuditEntry("token.issued", "token:" + stored.id(),
                AuditEntry.details("name", name, "tokenPrefix", stored.tokenPrefix())));
        return new IssuedPartnerToken(stored.id(), name, token.value(), now);
    }
}
