package com.volcanion.tracking.infrastructure.resilience;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Keeps a dead dependency from adding its timeout to every request. After a failure the breaker is open for
 * {@code openFor}: callers skip the dependency. Then one caller at a time probes it; a success closes the
 * breaker, a failure opens it again.
 */
public final class CircuitBreaker {

    private final long openForNanos;
    private final LongSupplier nanoClock;
    private final AtomicBoolean probing = new AtomicBoolean();
    private volatile long openUntil;
    private volatile boolean open;

    public CircuitBreaker(Duration openFor) {
        this(openFor, System::nanoTime);
    }

    CircuitBreaker(Duration openFor, LongSupplier nanoClock) {
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Whether the caller may use the dependency now; when true after an outage, the caller is the probe. */
    public boolean tryAcquire() {
        if (!open) {
            return true;
        }
        return nanoClock.getAsLong() - openUntil >= 0 && probing.compareAndSet(false, true);
    }

    public void recordSuccess() {
        open = false;
        probing.set(false);
    }

    public void recordFailure() {
        openUntil = nanoClock.getAsLong() + openForNanos;
        open = true;
        probing.set(false);
    }

    public boolean isOpen() {
        return open;
    }
}
