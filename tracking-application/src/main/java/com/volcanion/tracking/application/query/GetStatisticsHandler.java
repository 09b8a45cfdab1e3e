package com.volcanion.tracking.application.query;

import com.volcanion.tracking.application.port.PartnerRepository;

/** Cache-aside statistics: the cache, else the aggregates (then cached through the same lookup). */
public class GetStatisticsHandler {

    private final PartnerRepository partners;
    private final StatisticsViews statistics;
    private final StatisticsCache cache;

    public GetStatisticsHandler(PartnerRepository partners, StatisticsViews statistics, StatisticsCache cache) {
        this.partners = partners;
        this.statistics = statistics;
        this.cache = cache;
    }

    public StatisticsView handle(GetStatisticsQuery query) {
        StatisticsCache.Entry entry = cache.lookup(query);
        return entry.cached().orElseGet(() -> {
            partners.require(query.partnerId());
            StatisticsView computed = statistics.compute(query);
            entry.store(computed);
            return computed;
        });
    }
}
