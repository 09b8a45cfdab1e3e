package com.volcanion.tracking.application;

import java.util.Objects;
import java.util.UUID;

/**
 * Who makes a request of the management, query and analytics APIs: the operator (the admin token of
 * {@code tracking.admin-token}) or a partner admin holding one of a partner's tokens. The web layer decides what each
 * may reach; the use cases carry the actor to the audit trail.
 */
public sealed interface Actor {

    Operator OPERATOR = new Operator();

    /** How the audit trail names the actor: {@code operator} or {@code token:<tokenId>}. Never a credential. */
    String auditName();

    /** The operator: may do everything, on every partner. */
    record Operator() implements Actor {

        @Override
        public String auditName() {
            return "operator";
        }
    }

    /** The holder of partner token {@code tokenId}: may act on partner {@code partnerId} only. */
    record PartnerAdmin(UUID tokenId, UUID partnerId) implements Actor {

        public PartnerAdmin {
            Objects.requireNonNull(tokenId, "tokenId");
            Objects.requireNonNull(partnerId, "partnerId");
        }

        @Override
        public String auditName() {
            return "token:" + tokenId;
        }
    }
}
