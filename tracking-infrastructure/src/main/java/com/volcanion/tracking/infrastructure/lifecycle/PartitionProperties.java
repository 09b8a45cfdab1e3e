package com.volcanion.tracking.infrastructure.lifecycle;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The upkeep of the events tables' month partitions ({@code tracking.partitions.*}).
 *
 * @param monthsAhead how many months after the current one have their partition ready
 * @param interval    how often each node looks (one node at a time does the work)
 * @param lockTimeout how long creating or dropping a partition waits for its lock before giving up until the next run:
 *                    writes to the table queue behind a waiting drop, so this is short
 */
@ConfigurationProperties("tracking.partitions")
public record PartitionProperties(@DefaultValue("2") int monthsAhead, @DefaultValue("PT1H") Duration interval,
                                  @DefaultValue("PT1S") Duration lockTimeout) {

    public PartitionProperties {
        if (monthsAhead < 1 || monthsAhead > 24) {   // at least the next month: rows never wait in the default partition
            throw new IllegalArgumentException("tracking.partitions.months-ahead must be within 1..24, not " + monthsAhead);
        }
    }
}
