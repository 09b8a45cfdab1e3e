package com.volcanion.tracking.application.port;

import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;

/** Computes statistics from the read side's aggregates (O(buckets), never O(events)). */
public interface StatisticsViews {

    StatisticsView compute(GetStatisticsQuery query);
}
