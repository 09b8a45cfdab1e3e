package com.volcanion.tracking.infrastructure.event;

import com.volcanion.tracking.application.port.PartnerEventPublisher;
import com.volcanion.tracking.domain.partner.PartnerEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Publishes partner events as Spring application events. Listeners that act on other systems (caches,
 * other nodes) use {@code @TransactionalEventListener}, so they hear of a change only once it is committed.
 */
@Component
public class SpringPartnerEventPublisher implements PartnerEventPublisher {

    private final ApplicationEventPublisher publisher;

    public SpringPartnerEventPublisher(ApplicationEventPublisher publisher) {
        this.publisher = publisher;
    }

    @Override
    public void publish(List<PartnerEvent> events) {
        events.forEach(publisher::publishEvent);
    }
}
