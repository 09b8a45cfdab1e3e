package com.volcanion.tracking.infrastructure.schema;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.infrastructure.cache.RedisChannels;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.util.UUID;

/**
 * After a committed change to a partner's event structures, evicts the partner's compiled schemas here and
 * tells every other node over the Redis channel {@value #CHANNEL}. A node forgets every partner's schemas when it
 * (re)subscribes; a message lost otherwise (Redis down) is bounded by the validator's own expiry.
 */
@Component
public class EventStructureChangeSignal {

    static final String CHANNEL = "tracking:event-structures-changed";

    private final NetworkntEventValidator validator;
    private final RedisChannels channels;

    public EventStructureChangeSignal(NetworkntEventValidator validator, RedisChannels channels) {
        this.validator = validator;
        this.channels = channels;
        // (re)subscribed: a change may have been missed meanwhile
        channels.listen(CHANNEL, partnerId -> validator.evict(UUID.fromString(partnerId)), validator::evictAll);
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onPartnerEvent(PartnerEvent event) {
        if (event instanceof PartnerEvent.EventStructureChanged || event instanceof PartnerEvent.EventStructureRemoved) {
            validator.evict(event.partnerId());
            channels.publish(CHANNEL, event.partnerId().toString());
        }
    }

    public boolean isSubscribed() {
        return channels.isListening();
    }
}
