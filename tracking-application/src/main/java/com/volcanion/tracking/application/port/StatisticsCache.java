package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;

import java.util.Optional;

/**
 * Cached statistics answers, keyed by every parameter of the query. Invalidated when the partner changes and
 * when its new events are projected (within a documented staleness). An unreachable cache is an empty one.
 */
public interface StatisticsCache {

    Optional<StatisticsView> get(GetStatisticsQuery query);

    void put(GetStatisticsQuery query, StatisticsView view);
}
