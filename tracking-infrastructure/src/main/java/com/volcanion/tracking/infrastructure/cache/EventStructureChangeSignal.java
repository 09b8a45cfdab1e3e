package com.volcanion.tracking.infrastructure.cache;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import com.volcanion.tracking.infrastructure.schema.NetworkntEventValidator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.transaction.event.TransactionalEventListener;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * After a committed change to a partner's event structures, evicts the partner's compiled schemas here and
 * tells every other node over the Redis channel {@value #CHANNEL}. A lost message (Redis down) is bounded by
 * the validator's own expiry.
 */
@Configuration(proxyBeanMethods = false)
public class EventStructureChangeSignal {

    static final String CHANNEL = "tracking:event-structures-changed";
    private static final Logger log = LoggerFactory.getLogger(EventStructureChangeSignal.class);

    private final NetworkntEventValidator validator;
    private final StringRedisTemplate redis;

    public EventStructureChangeSignal(NetworkntEventValidator validator, StringRedisTemplate redis) {
        this.validator = validator;
        this.redis = redis;
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onPartnerEvent(PartnerEvent event) {
        if (event instanceof PartnerEvent.EventStructureChanged || event instanceof PartnerEvent.EventStructureRemoved) {
            validator.evict(event.partnerId());
            try {
                redis.convertAndSend(CHANNEL, event.partnerId().toString());
            } catch (RuntimeException e) {
                log.warn("Could not tell other nodes that partner {}'s event structures changed; they will notice "
                        + "within a minute: {}", event.partnerId(), e.toString());
            }
        }
    }

    @Bean
    RedisMessageListenerContainer eventStructureChangeListener(RedisConnectionFactory connections,
                                                               NetworkntEventValidator validator) {
        RedisMessageListenerContainer container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener((MessageListener) (Message message, byte[] pattern) ->
                validator.evict(UUID.fromString(new String(message.getBody(), StandardCharsets.UTF_8))),
                new ChannelTopic(CHANNEL));
        return container;
    }
}
