package com.volcanion.tracking.infrastructure.resilience;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private static final Duration OPEN_FOR = Duration.ofSeconds(5);

    private final AtomicLong now = new AtomicLong(1_000);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CircuitBreaker breaker = new CircuitBreaker("redis", OPEN_FOR, "callers go without", registry, now::get);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    private double meter(String name) {
        return registry.get(name).tag("name", "redis").meter().measure().iterator().next().getValue();
    }

    @Test
    void letsEveryCallerThroughWhileClosed() {
        assertThat(IntStream.range(0, 100).allMatch(i -> breaker.tryAcquire())).isTrue();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(meter("tracking.circuit.breaker.open")).isZero();
        assertThat(meter("tracking.circuit.breaker.failures")).as("registered at zero: a rate, not no data").isZero();
    }

    @Test
    void afterAFailureSkipsTheDependencyForOpenForThenLetsOneProbeThrough() {
        breaker.recordFailure(new IllegalStateException("refused"));

        assertThat(breaker.tryAcquire()).isFalse();
        advance(OPEN_FOR.minusNanos(1));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("a second caller while the probe is out").isFalse();

        breaker.recordSuccess();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(meter("tracking.circuit.breaker.opened")).isEqualTo(1);
        assertThat(meter("tracking.circuit.breaker.rejected")).isEqualTo(3);
    }

    @Test
    void aFailedProbeKeepsItOpenUntilAPeriodAfterTheProbeWentOut() {
        breaker.recordFailure(new IllegalStateException("refused"));
        advance(OPEN_FOR);
        assertThat(breaker.tryAcquire()).isTrue();

        advance(Duration.ofSeconds(1));
        breaker.recordFailure(new IllegalStateException("still refused"));

        advance(OPEN_FOR.minusSeconds(1).minusNanos(1));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(meter("tracking.circuit.breaker.opened")).as("still the same outage").isEqualTo(1);
    }

    /** Calls that began before it opened and fail afterwards do not push the next probe back. */
    @Test
    void failuresReportedWhileOpenChangeNothing() {
        breaker.recordFailure(new IllegalStateException("refused"));
        for (int i = 0; i < 4; i++) {
            advance(Duration.ofSeconds(1));
            breaker.recordFailure(new IllegalStateException("a late call"));
        }
        advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(meter("tracking.circuit.breaker.failures")).as("every failure counts, while open too").isEqualTo(5);
    }

    /** However many first failures race, the breaker opened once. */
    @Test
    void concurrentFirstFailuresOpenItOnce() throws Exception {
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            var done = IntStream.range(0, callers).mapToObj(i -> pool.submit(() -> {
                start.await();
                breaker.recordFailure(new IllegalStateException("refused"));
                return null;
            })).toList();
            start.countDown();
            for (Future<Object> each : done) {
                each.get();
            }
        }
        assertThat(meter("tracking.circuit.breaker.opened")).isEqualTo(1);
        assertThat(meter("tracking.circuit.breaker.failures")).isEqualTo(callers);
    }

    /** A caller that became the probe and then gave up before using the dependency must not keep it open for good. */
    @Test
    void aProbeThatNeverReportsIsReplacedAfterAnotherPeriod() {
        breaker.recordFailure(new IllegalStateException("refused"));
        advance(OPEN_FOR);
        assertThat(breaker.tryAcquire()).as("the probe, which never reports").isTrue();

        advance(OPEN_FOR.minusNanos(1));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofNanos(1));
        assertThat(breaker.tryAcquire()).as("the next probe").isTrue();
    }

    @Test
    void callRecordsWhatTheCallOfTheDependencyDid() {
        assertThat(breaker.call(() -> "value")).contains("value");
        assertThat(breaker.call(() -> null)).as("the dependency answered nothing").isEmpty();
        assertThat(breaker.isOpen()).isFalse();

        assertThat(breaker.call(() -> {
            throw new IllegalStateException("connection refused");
        })).isEmpty();
        assertThat(breaker.isOpen()).isTrue();
        assertThat(meter("tracking.circuit.breaker.open")).isEqualTo(1);

        boolean[] called = {false};
        assertThat(breaker.call(() -> called[0] = true)).as("skipped while open").isEmpty();
        assertThat(called[0]).isFalse();

        advance(OPEN_FOR);
        assertThat(breaker.run(() -> {
        })).as("the probe succeeds").isTrue();
        assertThat(breaker.isOpen()).isFalse();
        assertThat(meter("tracking.circuit.breaker.open")).isZero();
    }

    /** However many callers race when the period ends, exactly one probes. */
    @Test
    void exactlyOneOfManyConcurrentCallersProbes() throws Exception {
        breaker.recordFailure(new IllegalStateException("refused"));
        advance(OPEN_FOR);
        int callers = 16;
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            var results = IntStream.range(0, callers).mapToObj(i -> pool.submit(() -> {
                start.await();
                return breaker.tryAcquire();
            })).toList();
            start.countDown();
            long probes = 0;
            for (Future<Boolean> result : results) {
                probes += result.get() ? 1 : 0;
            }
            assertThat(probes).isEqualTo(1);
        }
        assertThat(breaker.isOpen()).as("until the probe reports").isTrue();
    }
}
