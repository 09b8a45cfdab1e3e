package com.volcanion.tracking.reliability;

import com.volcanion.tracking.hostile.GeneratedIngestionRun;
import com.volcanion.tracking.hostile.GeneratedIngestionRun.Answer;
import com.volcanion.tracking.hostile.GeneratedIngestionRun.IngestionService;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The long run of generated hostile input ({@code tracking.generated.requests}, 100,000 by default) against the
 * packaged jar on the machine's PostgreSQL 15 and Redis 7, four generating clients beside two neighbours sending
 * good events; the same invariants as the bounded run of the ordinary tests ({@code GeneratedIngestionIT}).
 */
class GeneratedInputLongRunIT extends ReliabilityTest {

    @Test
    void aHundredThousandGeneratedRequestsKeepEveryInvariant() throws Exception {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        int requests = Integer.getInteger("tracking.generated.requests", 100_000);
        startNode("generated-input", Map.of());
        Fixture.TestSystem fuzzed = Fixture.newSystem(node());
        Fixture.TestSystem neighbour = Fixture.newSystem(node(), fuzzed.partnerId());

        long started = System.nanoTime();
        GeneratedIngestionRun.Report report = GeneratedIngestionRun.run(seed, requests, 4, service(fuzzed),
                service(neighbour), 2);
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        Fixture.report("generated input, " + seconds + " s including the read-back: " + report.describe());
        assertThat(report.violations()).as(report.describe()).isEmpty();
    }

    private IngestionService service(Fixture.TestSystem system) {
        var limit = Http.patchAsAdmin(node().uri("/api/systems/" + system.systemId()), "{\"rateLimitPerSecond\":1000000}");
        assertThat(limit.status()).isEqualTo(200);
        return new IngestionService() {
            @Override
            public Answer post(String path, byte[] body) {
                try {
                    Http.Answer answer = Http.send(HttpRequest.newBuilder(node().uri(path)).header("X-Api-Key", system.apiKey())
                            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
                    return new Answer(answer.status(), answer.body());
                } catch (UncheckedIOException noAnswer) {
                    return new Answer(599, "no answer: " + noAnswer.getMessage());
                }
            }

            @Override
            public List<JsonNode> storedEvents(long expected) {
                awaitProjected(system.systemId());
                return GeneratedIngestionRun.allItems(cursor -> {
                    var page = Http.getAsAdmin(node().uri("/api/events/partner-system/" + system.systemId()
                            + "?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)));
                    assertThat(page.status()).isEqualTo(200);
                    return page.body();
                });
            }
        };
    }

    /** Waits until the read model holds every stored event of the system (the projector runs every second). */
    private void awaitProjected(String systemId) {
        MachineServices.awaitUntil(Duration.ofMinutes(5), () -> {
            try {
                return StoredEvents.ofSystem(database, systemId) == StoredEvents.projectedOfSystem(database, systemId);
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
