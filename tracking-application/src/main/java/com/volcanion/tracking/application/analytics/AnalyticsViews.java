package com.volcanion.tracking.application.analytics;

/** Computes analytics answers from the read side's events and identity map. */
public interface AnalyticsViews {

    FunnelView funnel(FunnelQuery query);

    RetentionView retention(RetentionQuery query);

    SessionsView sessions(SessionsQuery query);
}
