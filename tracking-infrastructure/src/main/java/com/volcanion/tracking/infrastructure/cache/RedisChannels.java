package com.volcanion.tracking.infrastructure.cache;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.SubscriptionListener;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Signals between nodes over Redis publish/subscribe: what one node changed, the others forget from memory.
 * <p>
 * Redis is optional, at start-up too: subscribing is not part of starting the service (a listener container fails
 * its start while Redis is down). It is tried every {@value #SUBSCRIBE_EVERY_MILLIS} ms until it holds; after that
 * the container itself recovers a dropped connection. A message published while a node was not subscribed never
 * reaches it, so each listener is told of every (re)subscription and forgets there whatever such a message could
 * have been about; and {@link #isListening()} tells whether this node hears the others now.
 */
@Component
public class RedisChannels implements DisposableBean {

    static final long SUBSCRIBE_EVERY_MILLIS = 5_000;
    private static final Logger log = LoggerFactory.getLogger(RedisChannels.class);

    private final StringRedisTemplate redis;
    private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();
    private volatile boolean failureLogged;

    public RedisChannels(StringRedisTemplate redis, RedisConnectionFactory connections) {
        this.redis = redis;
        container.setConnectionFactory(connections);
        container.setAutoStartup(false);   // see subscribe()
        container.afterPropertiesSet();
    }

    /**
     * Calls {@code onMessage} with each message published on {@code channel} (by any node, this one included), and
     * {@code onSubscribed} each time this node (re)subscribes to it.
     */
    public void listen(String channel, Consumer<String> onMessage, Runnable onSubscribed) {
        container.addMessageListener(new ChannelListener(onMessage, onSubscribed), new ChannelTopic(channel));
    }

    /** Publishes whatever Redis's circuit breaker says (the others should hear at the earliest); false if it failed. */
    public boolean publish(String channel, String message) {
        try {
            redis.convertAndSend(channel, message);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not publish on Redis channel {}: {}", channel, e.toString());
            return false;
        }
    }

    /** Whether this node is subscribed now, so hears what the others publish. */
    public boolean isListening() {
        return container.isListening();
    }

    /** Subscribes once Redis answers; a no-op while the container runs (it recovers lost connections itself). */
    @Scheduled(fixedDelay = SUBSCRIBE_EVERY_MILLIS)
    public void subscribe() {
        if (container.isRunning()) {
            return;
        }
        try {
            container.start();
            log.info("Listening for changes of other nodes on Redis (event structures, API-key evictions)");
            failureLogged = false;
        } catch (RuntimeException e) {
            container.stop();   // so that the next attempt starts it afresh
            if (!failureLogged) {
                log.warn("Redis unreachable: not told of other nodes' changes (compiled schemas expire within a "
                        + "minute, API keys are not cached on this node meanwhile); retrying every {} ms: {}",
                        SUBSCRIBE_EVERY_MILLIS, e.toString());
                failureLogged = true;
            }
        }
    }

    @Override
    public void destroy() throws Exception {
        container.destroy();
    }

    private record ChannelListener(Consumer<String> onMessage, Runnable onSubscribed)
            implements MessageListener, SubscriptionListener {

        @Override
        public void onMessage(Message message, byte[] pattern) {
            onMessage.accept(new String(message.getBody(), StandardCharsets.UTF_8));
        }

        @Override
        public void onChannelSubscribed(byte[] channel, long count) {
            onSubscribed.run();
        }
    }
}
