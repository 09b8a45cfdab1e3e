package com.volcanion.tracking.application.port;

import com.volcanion.tracking.domain.partner.PartnerEvent;

import java.util.List;

/**
 * Tells the rest of the system (caches on every node, read models) what changed in a partner.
 * Implementations deliver only once the surrounding transaction commits.
 */
public interface PartnerEventPublisher {

    void publish(List<PartnerEvent> events);
}
