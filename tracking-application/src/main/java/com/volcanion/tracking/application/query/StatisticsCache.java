package com.volcanion.tracking.application.query;


/**
 * Cached statistics answers, keyed by every parameter of the query. An answer is never served more than the
 * cache's staleness bound after its computation began; a change to the partner (its systems, its event
 * structures) makes every answer cached before it unreachable, at once when the cache takes the change (and within
 * the staleness bound in any case). An unreachable cache is an empty one.
 */
public interface StatisticsCache {

    CacheEntry<StatisticsView> lookup(GetStatisticsQuery query);
}
