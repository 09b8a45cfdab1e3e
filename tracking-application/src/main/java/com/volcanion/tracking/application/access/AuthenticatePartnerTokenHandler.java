package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.port.PartnerTokens;
import com.volcanion.tracking.domain.credential.PartnerToken;

import java.time.Clock;
import java.util.Optional;

/**
 * Who a bearer credential that is not the operator's names: the partner admin of a live token, or nobody. A value
 * without the token shape or checksum is refused without a database read; a known one is looked up by its hash on
 * every request (admin requests are few; no cache means no stale cache after a revocation, on any node).
 */
public class AuthenticatePartnerTokenHandler {

    private final PartnerTokens tokens;
    private final Clock clock;

    public AuthenticatePartnerTokenHandler(PartnerTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    public Optional<Actor.PartnerAdmin> authenticate(String bearer) {
        return PartnerToken.parse(bearer)
                .flatMap(token -> tokens.findByHash(token.hash()))
                .map(stored -> {
                    tokens.markUsed(stored.id(), clock.instant());
                    return new Actor.PartnerAdmin(stored.id(), stored.partnerId());
                });
    }
}
