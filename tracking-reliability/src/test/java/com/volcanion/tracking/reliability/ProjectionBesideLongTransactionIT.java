package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outside review's projector finding, replayed against the packaged jar: a transaction held open for 25 s in
 * another database of the same PostgreSQL (pg_snapshot_xmin is cluster-wide) while events are ingested. Each event
 * must reach the query API within seconds, and the lag metric must say what it waits.
 */
class ProjectionBesideLongTransactionIT extends ReliabilityTest {

    @Test
    void eventsReachTheQueryApiWhileAnotherDatabaseHoldsATransactionOpen() throws Exception {
        startNode("projection-beside-long-transaction", Map.of());
        var system = Fixture.newSystem(node());
        String other = MachineServices.createDatabase("tracking_other");
        List<Double> secondsToVisible = new ArrayList<>();
        double maxLag = 0;
        try (Connection held = MachineServices.connect(other)) {
            held.setAutoCommit(false);
            try (Statement statement = held.createStatement()) {
                statement.execute("select pg_current_xact_id()");   // a transaction id, as any writer holds
            }
            long heldUntil = System.nanoTime() + 25_000_000_000L;
            for (int i = 0; System.nanoTime() < heldUntil; i++) {
                String userId = "beside-" + i;
                assertThat(Http.postWithKey(node().uri("/api/events/ingest"), system.apiKey(),
                        "{\"eventName\":\"Beside\",\"userId\":\"" + userId + "\"}").status()).isEqualTo(202);
                long sent = System.nanoTime();
                MachineServices.awaitUntil(java.time.Duration.ofSeconds(20), () -> {
                    var page = Http.getAsAdmin(node().uri("/api/events/partner-system/" + system.systemId() + "?userId=" + userId));
                    return Fixture.json(page.body()).get("items").size() == 1;
                });
                secondsToVisible.add((System.nanoTime() - sent) / 1e9);
                maxLag = Math.max(maxLag, node().metric("tracking_projection_lag_seconds"));
                Thread.sleep(1_000);
            }
            held.rollback();
        } finally {
            MachineServices.dropDatabase(other);
        }
        Fixture.report(String.format("a transaction held open 25 s in another database: %d events each visible in the "
                        + "query API after p50 %.1f s, max %.1f s; projection lag metric at most %.1f s meanwhile",
                secondsToVisible.size(), Fixture.percentile(secondsToVisible, 50), Fixture.percentile(secondsToVisible, 100),
                maxLag));
        assertThat(secondsToVisible).hasSizeGreaterThan(5);
    }
}
