package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.application.ingest.ApiKeyCache;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/** After a committed change that affects keys (deactivation, rotation...), evicts their cached credentials. */
@Component
public class ApiKeyEviction {

    private final ApiKeyCache cache;

    public ApiKeyEviction(ApiKeyCache cache) {
        this.cache = cache;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onPartnerEvent(PartnerEvent event) {
        cache.evict(event.staleApiKeyHashes());
    }
}
