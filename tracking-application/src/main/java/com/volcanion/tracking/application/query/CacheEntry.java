package com.volcanion.tracking.application.query;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * One lookup of an answer cache: its cached answer, if any, and where to store the answer computed instead. The
 * entry remembers what the lookup saw (the partner's generations, the time), so an answer computed after it and
 * stored through it can never be mistaken for one computed after a change that happened meanwhile.
 */
public interface CacheEntry<V> {

    Optional<V> cached();

    /** Stores an answer computed after this lookup (for what remains of the staleness bound). */
    void store(V answer);

    /** Cache-aside: the cached answer, else the one computed now, stored through this lookup. */
    default V orCompute(Supplier<V> compute) {
        return cached().orElseGet(() -> {
            V computed = compute.get();
            store(computed);
            return computed;
        });
    }
}
