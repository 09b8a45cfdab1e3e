package com.volcanion.tracking.application.query;


import java.util.Optional;

/**
 * Cached statistics answers, keyed by every parameter of the query. An answer is never served more than the
 * cache's staleness bound after its computation began; a change to the partner (its systems, its event
 * structures) makes every answer cached before it unreachable, at once when the cache takes the change (and within
 * the staleness bound in any case). An unreachable cache is an empty one.
 */
public interface StatisticsCache {

    /**
     * Looks the query up. The entry remembers what the lookup saw (the partner's cache generation, the time), so an
     * answer computed after it and {@link Entry#store stored} through it can never be mistaken for one computed
     * after a change that happened meanwhile.
     */
    Entry lookup(GetStatisticsQuery query);

    /** One lookup: its cached answer, if any, and where to store the answer computed instead. */
    interface Entry {

        Optional<StatisticsView> cached();

        /** Stores an answer computed after this lookup (for what remains of the staleness bound). */
        void store(StatisticsView view);
    }
}
