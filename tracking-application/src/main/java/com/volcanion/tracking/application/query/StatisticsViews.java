package com.volcanion.tracking.application.query;


/** Computes statistics from the read side's aggregates (O(buckets), never O(events)). */
public interface StatisticsViews {

    StatisticsView compute(GetStatisticsQuery query);
}
