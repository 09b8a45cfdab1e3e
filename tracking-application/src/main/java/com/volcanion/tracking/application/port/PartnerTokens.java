package com.volcanion.tracking.application.port;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The partner tokens, stored by the hash of their value. */
public interface PartnerTokens {

    void add(StoredToken token);

    /** The partner's tokens, oldest first, each with the last time it was used as far as it is known. */
    List<StoredToken> list(UUID partnerId);

    /** Removes the partner's token and returns it; empty when the partner has no such token. */
    Optional<StoredToken> remove(UUID partnerId, UUID tokenId);

    /** The token with this hash, read from the store itself so that a removed token is unknown at once everywhere. */
    Optional<StoredToken> findByHash(String tokenHash);

    /**
     * Notes that the token was used at {@code at}. Kept in memory and written in batches, not a write per request: a
     * token's {@code lastUsedAt} may lag a use by the batch interval, and uses of the last interval before a node
     * dies are lost.
     */
    void markUsed(UUID tokenId, Instant at);

    /** A token as stored: never its value, only the hash and the displayable prefix. */
    record StoredToken(UUID id, UUID partnerId, String name, String tokenHash, String tokenPrefix, Instant createdAt,
                       Instant lastUsedAt) {
    }
}
