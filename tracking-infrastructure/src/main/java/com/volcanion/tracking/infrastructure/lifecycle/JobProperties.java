package com.volcanion.tracking.infrastructure.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The background jobs: GDPR deletions and revalidations ({@code tracking.jobs.*}).
 *
 * @param batchSize events a job step handles in one transaction: each holds the projection lock, so the projector
 *                  waits at most one step
 * @param interval  how often each node looks for a job to run
 */
@ConfigurationProperties("tracking.jobs")
public record JobProperties(@DefaultValue("2000") int batchSize, @DefaultValue("PT1S") Duration interval) {

    public JobProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("tracking.jobs.batch-size must be 1 or more, not " + batchSize);
        }
    }
}
