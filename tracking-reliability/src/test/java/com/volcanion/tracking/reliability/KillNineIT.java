package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** kill -9 under load: every acknowledged event exists exactly once after the restart, and resending adds nothing. */
class KillNineIT extends ReliabilityTest {


    @Test
    void everyAcknowledgedEventSurvivesASigkillExactlyOnce() throws Exception {
        startNode("kill9", Map.of());
        var system = Fixture.newSystem(node());
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        for (int c = 0; c < 16; c++) {
            int client = c;
            clients.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    boolean batch = client % 4 == 0;
                    List<String> ids = new ArrayList<>();
                    for (int j = 0; j < (batch ? 20 : 1); j++) {
                        ids.add("k" + client + "-" + i + "-" + j);
                    }
                    sent.addAll(ids);
                    try {
                        var answer = batch
                                ? Http.postWithKey(node().uri("/api/events/batch"), system.apiKey(), Fixture.batch(ids))
                                : Http.postWithKey(node().uri("/api/events/ingest"), system.apiKey(), Fixture.event(ids.getFirst()));
                        if (answer.status() / 100 == 2) {
                            acknowledged.addAll(ids);
                        }
                    } catch (UncheckedIOException noAnswer) {
                        // the node is gone: this request was not acknowledged
                    }
                }
            });
        }
        Thread.sleep(4_000);
        node().kill9();
        Thread.sleep(1_000);
        running.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        startNode("kill9-restarted", Map.of());
        long storedAcknowledged = countStored(acknowledged);
        long storedSent = countStored(sent);
        assertThat(acknowledged).isNotEmpty();
        assertThat(storedAcknowledged).as("acknowledged events stored after kill -9").isEqualTo(acknowledged.size());
        assertThat(duplicateMessageIds()).isZero();

        for (List<String> chunk : chunks(List.copyOf(sent), 1000)) {
            var answer = Http.postWithKey(node().uri("/api/events/batch"), system.apiKey(), Fixture.batch(chunk));
            assertThat(answer.status()).isEqualTo(200);
        }
        long afterResend = countAll();
        assertThat(countStored(acknowledged)).isEqualTo(acknowledged.size());
        assertThat(afterResend).as("resending everything stores each message once").isEqualTo(sent.size());
        assertThat(duplicateMessageIds()).isZero();
        Fixture.report("kill -9 under load (16 clients, 4 s): " + acknowledged.size() + " events acknowledged, "
                + storedAcknowledged + " of them stored after restart (lost: " + (acknowledged.size() - storedAcknowledged)
                + "); " + sent.size() + " attempted (most after the kill, refused at connect), " + storedSent
                + " stored (" + (storedSent - storedAcknowledged) + " stored but never acknowledged, as the kill cut "
                + "their answers); resending all " + sent.size() + " left " + afterResend + " rows, each messageId once");
    }

    private long countStored(Set<String> messageIds) throws Exception {
        return StoredEvents.withMessageIds(database, messageIds);
    }

    private long countAll() throws Exception {
        return StoredEvents.count(database, "select count(*) from write.tracking_events");
    }

    private long duplicateMessageIds() throws Exception {
        return StoredEvents.count(database,
                "select count(*) - count(distinct (partner_system_id, message_id)) from write.tracking_events");
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }
}
