package com.volcanion.tracking.infrastructure.schema;

import com.volcanion.tracking.domain.partner.PartnerEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * After a committed change to a partner's event structures, evicts the partner's compiled schemas here and
 * tells every other node over the Redis channel {@value #CHANNEL}. A lost message (Redis down) is bounded by
 * the validator's own expiry.
 * <p>
 * Redis is optional, at start-up too: the subscription is not part of starting the service (a listener container
 * fails its start while Redis is down). It is made every {@value #SUBSCRIBE_EVERY_MILLIS} ms until it holds; after
 * that the container itself recovers it when the connection drops.
 */
@Component
public class EventStructureChangeSignal implements DisposableBean {

    static final String CHANNEL = "tracking:event-structures-changed";
    static final long SUBSCRIBE_EVERY_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(EventStructureChangeSignal.class);

    private final NetworkntEventValidator validator;
    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer listener;
    private volatile boolean failureLogged;

    public EventStructureChangeSignal(NetworkntEventValidator validator, StringRedisTemplate redis,
                                      RedisConnectionFactory connections) {
        this.validator = validator;
        this.redis = redis;
        this.listener = new RedisMessageListenerContainer();
        listener.setConnectionFactory(connections);
        listener.setAutoStartup(false);   // see subscribe()
        listener.addMessageListener((MessageListener) (Message message, byte[] pattern) ->
                validator.evict(UUID.fromString(new String(message.getBody(), StandardCharsets.UTF_8))),
                new ChannelTopic(CHANNEL));
        listener.afterPropertiesSet();
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onPartnerEvent(PartnerEvent event) {
        if (event instanceof PartnerEvent.EventStructureChanged || event instanceof PartnerEvent.EventStructureRemoved) {
            validator.evict(event.partnerId());
            try {   // whatever Redis's breaker says: other nodes should hear of it at the earliest
                redis.convertAndSend(CHANNEL, event.partnerId().toString());
            } catch (RuntimeException e) {
                log.warn("Could not tell other nodes that partner {}'s event structures changed; they will notice "
                        + "within a minute: {}", event.partnerId(), e.toString());
            }
        }
    }

    /** Subscribes once Redis answers; a no-op while the container runs (it recovers lost connections itself). */
    @Scheduled(fixedDelay = SUBSCRIBE_EVERY_MILLIS)
    public void subscribe() {
        if (listener.isRunning()) {
            return;
        }
        try {
            listener.start();
            log.info("Listening for event-structure changes of other nodes on Redis channel {}", CHANNEL);
            failureLogged = false;
        } catch (RuntimeException e) {
            listener.stop();   // so that the next attempt starts it afresh
            if (!failureLogged) {
                log.warn("Redis unreachable: not told of other nodes' event-structure changes (their compiled schemas "
                        + "expire within a minute); retrying every {} ms: {}", SUBSCRIBE_EVERY_MILLIS, e.toString());
                failureLogged = true;
            }
        }
    }

    public boolean isSubscribed() {
        return listener.isListening();
    }

    @Override
    public void destroy() throws Exception {
        listener.destroy();
    }
}
