package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.hostile.GeneratedIngestionRun;
import com.volcanion.tracking.hostile.GeneratedIngestionRun.Answer;
import com.volcanion.tracking.hostile.GeneratedIngestionRun.IngestionService;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated hostile input against the ingestion endpoints over real HTTP, on the real PostgreSQL, while a neighbour
 * system's good traffic flows in the same group commits (see {@link GeneratedIngestionRun} and
 * {@code IngestionInvariants}). A bounded run here, {@code tracking.generated.requests} (400) requests from a new
 * seed each time, printed; {@code -Dtracking.generated.seed=N} replays one. The reliability suite runs 100,000.
 */
@ApiIT
class GeneratedIngestionIT extends ApiTestSupport {

    @Autowired
    TrackingEventProjector projector;

    @Test
    void neverA5xxNothingStoredButWhatWasAcceptedExactlyAsSentAndNeighboursUnaffected() throws Exception {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        int requests = Integer.getInteger("tracking.generated.requests", 400);
        String partnerId = createPartner();

        GeneratedIngestionRun.Report report = GeneratedIngestionRun.run(seed, requests, 3,
                service(partnerId), service(partnerId), 2);

        System.out.println("[generated input] " + report.describe());
        assertThat(report.violations()).as(report.describe()).isEmpty();
    }

    /** A new system of the partner, its rate limit lifted (the run measures correctness, not limits). */
    private IngestionService service(String partnerId) {
        JsonNode system = createSystem(partnerId);
        String systemId = system.get("id").asString();
        String apiKey = system.get("apiKey").asString();
        assertThat(patchAsAdmin("/api/systems/" + systemId, "{\"rateLimitPerSecond\":1000000}")).hasStatusOk();
        return new IngestionService() {
            @Override
            public Answer post(String path, byte[] body) {
                HttpResponse<String> response = postOverSocket(path, apiKey, body);
                return new Answer(response.statusCode(), response.body());
            }

            @Override
            public List<JsonNode> storedEvents(long expected) {
                projector.projectAvailable();
                return GeneratedIngestionRun.allItems(cursor -> {
                    HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/api/events/partner-system/" + systemId
                            + "?limit=1000" + (cursor == null ? "" : "&cursor=" + cursor)))
                            .header("Authorization", "Bearer " + ADMIN_TOKEN));
                    assertThat(page.statusCode()).isEqualTo(200);
                    return page.body();
                });
            }
        };
    }
}
