package com.volcanion.tracking.infrastructure.resilience;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Keeps a dead dependency from adding its timeout to every request. A failure opens the breaker: callers skip the
 * dependency for {@code openFor}. Then one caller probes it; a success closes the breaker, a failure keeps it open,
 * and the next caller probes {@code openFor} after the last probe went out. A probe that never reports (its caller
 * gave up before using the dependency) therefore does not keep the breaker open for good. A failure reported while
 * the breaker is open (a call that began before it opened) changes nothing.
 * <p>
 * Only a failure of the dependency itself may be recorded as one: a value the dependency returned that the caller
 * cannot decode is the dependency answering ({@link #call} and {@link #run} take only the call of the dependency).
 * <p>
 * Metered as {@code tracking_circuit_breaker_open{name}} (1 while open), {@code tracking_circuit_breaker_opened_total},
 * {@code tracking_circuit_breaker_failures_total} (every failure recorded, while open too: for Redis, a command that
 * failed or timed out, a cluster node lost or a slot without master) and {@code tracking_circuit_breaker_rejected_total}
 * (calls that skipped the dependency); opening and closing are logged once each.
 */
public final class CircuitBreaker {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreaker.class);

    private final String name;
    private final String whileOpen;
    private final long openForNanos;
    private final LongSupplier nanoClock;
    /** While open: when the next caller may probe (a probe under way pushes it {@code openFor} further). */
    private final AtomicLong nextProbeAt = new AtomicLong();
    private final Counter opened;
    private final Counter failures;
    private final Counter rejected;
    private final AtomicBoolean open = new AtomicBoolean();

    /**
     * @param name      the dependency, as metrics and logs name it
     * @param openFor   how long callers skip the dependency after a failure
     * @param whileOpen what callers do instead, for the log line that says the breaker opened
     */
    public CircuitBreaker(String name, Duration openFor, String whileOpen, MeterRegistry registry) {
        this(name, openFor, whileOpen, registry, System::nanoTime);
    }

    CircuitBreaker(String name, Duration openFor, String whileOpen, MeterRegistry registry, LongSupplier nanoClock) {
        this.name = name;
        this.whileOpen = whileOpen;
        this.openForNanos = openFor.toNanos();
        this.nanoClock = nanoClock;
        Gauge.builder("tracking.circuit.breaker.open", open, isOpen -> isOpen.get() ? 1 : 0).tag("name", name)
                .description("1 while the circuit breaker skips the dependency").register(registry);
        this.opened = Counter.builder("tracking.circuit.breaker.opened").tag("name", name)
                .description("Times the circuit breaker opened").register(registry);
        this.failures = Counter.builder("tracking.circuit.breaker.failures").tag("name", name)
                .description("Failures of the dependency, while open too").register(registry);
        this.rejected = Counter.builder("tracking.circuit.breaker.rejected").tag("name", name)
                .description("Calls that skipped the dependency while the circuit breaker was open").register(registry);
    }

    /** Whether the caller may use the dependency now; when true while open, the caller is the probe and must report. */
    public boolean tryAcquire() {
        if (!open.get()) {
            return true;
        }
        long now = nanoClock.getAsLong();
        long due = nextProbeAt.get();
        if (now - due >= 0 && nextProbeAt.compareAndSet(due, now + openForNanos)) {
            return true;
        }
        rejected.increment();
        return false;
    }

    /** The dependency answered. */
    public void recordSuccess() {
        if (open.compareAndSet(true, false)) {
            log.info("{} answers again: circuit breaker closed", name);
        }
    }

    /** The dependency failed (unreachable, timed out): callers skip it for {@code openFor}. */
    public void recordFailure(Throwable cause) {
        failures.increment();
        if (open.get()) {
            return;
        }
        nextProbeAt.set(nanoClock.getAsLong() + openForNanos);
        if (open.compareAndSet(false, true)) {
            opened.increment();
            log.warn("{} failed ({}): circuit breaker open, {}; probing every {} ms", name, cause.toString(), whileOpen,
                    Duration.ofNanos(openForNanos).toMillis());
        }
    }

    public boolean isOpen() {
        return open.get();
    }

    /**
     * Calls the dependency unless the breaker is open; a {@link RuntimeException} of the call is a failure of the
     * dependency. Empty when skipped, failed, or when the call returned null.
     */
    public <T> Optional<T> call(Supplier<T> call) {
        if (!tryAcquire()) {
            return Optional.empty();
        }
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            recordFailure(e);
            return Optional.empty();
        }
        recordSuccess();
        return Optional.ofNullable(result);
    }

    /** Runs the action on the dependency unless the breaker is open; true when it ran and succeeded. */
    public boolean run(Runnable action) {
        if (!tryAcquire()) {
            return false;
        }
        try {
            action.run();
        } catch (RuntimeException e) {
            recordFailure(e);
            return false;
        }
        recordSuccess();
        return true;
    }
}
