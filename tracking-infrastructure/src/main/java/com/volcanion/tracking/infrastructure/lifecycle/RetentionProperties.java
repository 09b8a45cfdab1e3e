package com.volcanion.tracking.infrastructure.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long events are kept ({@code tracking.retention.*}).
 *
 * @param days by receive time; 0 keeps them forever. A month partition is dropped once all of it is older than this, so
 *             an event is kept at least {@code days} and at most a month (and one {@link PartitionProperties#interval()})
 *             longer. Hourly statistics are kept whatever this says.
 */
@ConfigurationProperties("tracking.retention")
public record RetentionProperties(@DefaultValue("395") int days) {

    public RetentionProperties {
        if (days < 0) {
            throw new IllegalArgumentException("tracking.retention.days must be 0 (forever) or more, not " + days);
        }
    }
}
