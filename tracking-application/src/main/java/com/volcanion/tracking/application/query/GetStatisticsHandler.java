package com.volcanion.tracking.application.query;

import com.volcanion.tracking.application.port.PartnerRepository;

/**
 * Cache-aside statistics: the cache, else the aggregates (then cached through the same lookup). A {@code systemId}
 * filter must name a system of the partner (else 404): another partner's system is as unknown as one that exists
 * nowhere. It is checked where the partner is, on a miss: an answer is cached only once computed, and a system never
 * changes partner, so a cached answer's system was checked when it was computed.
 */
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
        return cache.lookup(query).orCompute(() -> {
            partners.requireScope(query.partnerId(), query.systemId());
            return statistics.compute(query);
        });
    }
}
