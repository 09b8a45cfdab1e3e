package com.volcanion.tracking.infrastructure.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The statistics cache ({@code tracking.statistics.cache.*}).
 *
 * @param maxStaleness a cached answer expires this long after the lookup that preceded its computation, so it never
 *                     hides an event projected more than that long ago
 */
@ConfigurationProperties("tracking.statistics.cache")
public record StatisticsCacheProperties(@DefaultValue("10s") Duration maxStaleness) {
}
