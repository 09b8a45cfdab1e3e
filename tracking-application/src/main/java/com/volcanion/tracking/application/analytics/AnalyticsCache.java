package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.application.query.CacheEntry;

/**
 * Cached analytics answers, keyed by every parameter of the question, with the statistics cache's staleness bound
 * and its invalidation by a change to the partner; a person changed by a new identity link on the read side makes
 * the partner's earlier answers unreachable too ({@link PersonsLinked}). An unreachable cache is an empty one.
 */
public interface AnalyticsCache {

    <V> CacheEntry<V> lookup(AnalyticsQuery query, Class<V> answerType);
}
