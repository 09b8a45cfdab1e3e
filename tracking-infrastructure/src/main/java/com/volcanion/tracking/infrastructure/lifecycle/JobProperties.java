package com.volcanion.tracking.infrastructure.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The background jobs: GDPR deletions and revalidations ({@code tracking.jobs.*}).
 *
 * @param enabled   whether this node runs jobs at all (every node may: a job is advanced one step at a time)
 * @param batchSize events a job step handles in one transaction: each holds the projection lock, and is followed by a
 *                  pause as long as itself
 * @param interval  how often each node looks for a job to run
 */
@ConfigurationProperties("tracking.jobs")
public record JobProperties(@DefaultValue("true") boolean enabled, @DefaultValue("2000") int batchSize,
                            @DefaultValue("PT1S") Duration interval) {

    public JobProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("tracking.jobs.batch-size must be 1 or more, not " + batchSize);
        }
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("tracking.jobs.interval must be positive, not " + interval);
        }
    }
}
