package com.volcanion.tracking.infrastructure.readmodel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The projector ({@code tracking.projector.*}).
 *
 * The pause between two runs is {@code tracking.projector.interval} (ISO-8601, default PT1S), read by the
 * {@code @Scheduled} poller itself.
 *
 * @param enabled    whether this node runs the poller at all (every node may: only one projects at a time)
 * @param batchSize  events per transaction
 * @param maxBatches batches per run, so one run cannot hold the scheduler forever
 */
@ConfigurationProperties("tracking.projector")
public record ProjectorProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2000") int batchSize, @DefaultValue("50") int maxBatches) {
}
