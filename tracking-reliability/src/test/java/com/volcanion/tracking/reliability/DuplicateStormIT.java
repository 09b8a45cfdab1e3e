package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** One batch sent by three concurrent clients at the same instant is stored once. */
class DuplicateStormIT extends ReliabilityTest {

    private static final int ROUNDS = 20;
    private static final int EVENTS = 100;

    @Test
    void storesABatchOnceWhenThreeClientsSendItTogether() throws Exception {
        startNode("duplicate-storm", Map.of());
        var system = Fixture.newSystem(node());
        ExecutorService clients = Executors.newFixedThreadPool(3);
        CyclicBarrier together = new CyclicBarrier(3);
        long accepted = 0;
        long duplicates = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < EVENTS; i++) {
                ids.add("storm-" + round + "-" + i);
            }
            String batch = Fixture.batch(ids);
            List<Future<Http.Answer>> answers = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                answers.add(clients.submit(() -> {
                    together.await();
                    return Http.postWithKey(node().uri("/api/events/batch"), system.apiKey(), batch);
                }));
            }
            long roundAccepted = 0;
            for (Future<Http.Answer> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
                var body = Fixture.json(answer.get().body());
                roundAccepted += body.get("accepted").asLong();
                duplicates += body.get("duplicates").asLong();
            }
            assertThat(roundAccepted).as("round " + round + ": each event accepted by exactly one client")
                    .isEqualTo(EVENTS);
            accepted += roundAccepted;
            assertThat(StoredEvents.withMessageIds(database, ids)).isEqualTo(EVENTS);
        }
        clients.shutdown();
        assertThat(StoredEvents.count(database, "select count(*) from write.tracking_events")).isEqualTo(ROUNDS * EVENTS);
        Fixture.report("duplicate storm: " + ROUNDS + " batches of " + EVENTS + " events, each sent by 3 clients at "
                + "once: " + accepted + " ACCEPTED, " + duplicates + " DUPLICATE answers, "
                + ROUNDS * EVENTS + " rows stored, no 5xx");
    }
}
