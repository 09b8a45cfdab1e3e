package com.volcanion.tracking.application.analytics;

import com.volcanion.tracking.application.port.PartnerRepository;

import java.util.function.Supplier;

/**
 * Cache-aside analytics, as statistics: the cache, else the read side (then cached through the same lookup). The
 * partner and the {@code systemId} are checked on a miss (a system never changes partner, so a cached answer's system
 * was checked when it was computed).
 */
public class GetAnalyticsHandler {

    private final PartnerRepository partners;
    private final AnalyticsViews views;
    private final AnalyticsCache cache;

    public GetAnalyticsHandler(PartnerRepository partners, AnalyticsViews views, AnalyticsCache cache) {
        this.partners = partners;
        this.views = views;
        this.cache = cache;
    }

    public FunnelView funnel(FunnelQuery query) {
        return answer(query, FunnelView.class, () -> views.funnel(query));
    }

    public RetentionView retention(RetentionQuery query) {
        return answer(query, RetentionView.class, () -> views.retention(query));
    }

    public SessionsView sessions(SessionsQuery query) {
        return answer(query, SessionsView.class, () -> views.sessions(query));
    }

    private <V> V answer(AnalyticsQuery query, Class<V> type, Supplier<V> compute) {
        return cache.lookup(query, type).orCompute(() -> {
            partners.requireScope(query.partnerId(), query.systemId());
            return compute.get();
        });
    }
}
