package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgreSQL stopped for 30 s under load: fast 503s with Retry-After, readiness DOWN, no 2xx for an event that
 * was not stored, and recovery without restarting the service.
 */
class DatabaseOutageIT extends ReliabilityTest {


    @AfterEach
    void restartPostgreSQL() {
        MachineServices.startPostgres();
    }

    @Test
    void answersFast503sWhileTheDatabaseIsDownAndRecoversByItself() throws Exception {
        startNode("db-outage", Map.of());
        var system = Fixture.newSystem(node());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<Double> outageMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger missingRetryAfter = new AtomicInteger();
        AtomicBoolean outage = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong firstAcceptAfterRestart = new AtomicLong();
        AtomicLong restartedAt = new AtomicLong(Long.MAX_VALUE);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String id = "d" + client + "-" + i;
                    try {
                        var answer = Http.postWithKey(node().uri("/api/events/ingest"), system.apiKey(), Fixture.event(id));
                        statuses.computeIfAbsent(answer.status(), s -> new AtomicInteger()).incrementAndGet();
                        if (answer.status() == 202) {
                            acknowledged.add(id);
                            if (System.nanoTime() > restartedAt.get()) {
                                firstAcceptAfterRestart.compareAndSet(0, System.nanoTime());
                            }
                        } else if (outage.get()) {
                            outageMillis.add(answer.millis());
                            if (answer.status() == 503 && answer.header("Retry-After") == null) {
                                missingRetryAfter.incrementAndGet();
                            }
                        }
                    } catch (UncheckedIOException noAnswer) {
                        statuses.computeIfAbsent(-1, s -> new AtomicInteger()).incrementAndGet();
                    }
                    if (outage.get()) {
                        sleepQuietly(20);   // an SDK backs off between retries
                    }
                }
            });
        }
        Thread.sleep(3_000);
        MachineServices.stopPostgres();
        outage.set(true);
        long stoppedAt = System.nanoTime();
        boolean readinessDown = false;
        while (System.nanoTime() - stoppedAt < 30_000_000_000L) {
            readinessDown |= Http.get(node().uri("/actuator/health/readiness")).status() == 503;
            Thread.sleep(500);
        }
        MachineServices.startPostgres();
        restartedAt.set(System.nanoTime());
        outage.set(false);
        MachineServices.awaitUntil(java.time.Duration.ofSeconds(60), () -> firstAcceptAfterRestart.get() != 0);
        double recoverySeconds = (firstAcceptAfterRestart.get() - restartedAt.get()) / 1e9;
        MachineServices.awaitUntil(java.time.Duration.ofSeconds(60),
                () -> Http.get(node().uri("/actuator/health/readiness")).status() == 200);
        Thread.sleep(2_000);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(readinessDown).as("readiness DOWN while PostgreSQL is stopped").isTrue();
        assertThat(statuses.keySet()).as("answers seen: " + statuses).containsOnly(202, 503);
        assertThat(missingRetryAfter.get()).isZero();
        assertThat(outageMillis).isNotEmpty();
        assertThat(StoredEvents.withMessageIds(database, acknowledged)).as("every 2xx event is stored").isEqualTo(acknowledged.size());
        assertThat(node().isAlive()).isTrue();
        Fixture.report(String.format("PostgreSQL stopped 30 s under 8 clients: answers %s; during the outage 503 in "
                        + "p50 %.0f ms, p99 %.0f ms, max %.0f ms, every one with Retry-After; readiness DOWN; first 202 "
                        + "%.1f s after PostgreSQL was back, no restart; %d acknowledged events, all stored",
                statuses, Fixture.percentile(outageMillis, 50), Fixture.percentile(outageMillis, 99),
                Fixture.percentile(outageMillis, 100), recoverySeconds, acknowledged.size()));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
