package com.volcanion.tracking.infrastructure.readmodel;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The projector ({@code tracking.projector.*}).
 *
 * @param enabled    whether this node projects at all (every node may: only one projects at a time); every node
 *                   measures the projection lag either way
 * @param interval   the pause between two runs
 * @param batchSize  events per transaction
 * @param maxBatches batches per run, after which the lag is measured again before the next run
 */
@ConfigurationProperties("tracking.projector")
public record ProjectorProperties(@DefaultValue("true") boolean enabled, @DefaultValue("PT1S") Duration interval,
                                  @DefaultValue("2000") int batchSize, @DefaultValue("50") int maxBatches) {
}
