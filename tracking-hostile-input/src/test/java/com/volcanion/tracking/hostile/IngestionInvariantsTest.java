package com.volcanion.tracking.hostile;

import com.volcanion.tracking.hostile.HostileIngestion.GeneratedRequest;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The invariants catch what they must: the failures the outside review found. */
class IngestionInvariantsTest {

    private final IngestionInvariants invariants = new IngestionInvariants();

    @Test
    void catchesA5xxAStoredValueThatDiffersAndADuplicateOfNothing() {
        invariants.check(request("{\"eventName\":\"A\",\"timestamp\":\"0000-01-01T00:00:00Z\"}"), 503, "{}");
        invariants.check(request("{\"eventName\":\"A\",\"messageId\":\"sur-\\ud800\",\"properties\":{\"big\":1e400}}"),
                202, "{\"eventId\":\"e1\",\"messageId\":\"sur-\\ud800\",\"status\":\"ACCEPTED\"}");
        invariants.check(request("{\"eventName\":\"A\",\"messageId\":\"sur-\\udc00\"}"),
                202, "{\"eventId\":null,\"messageId\":\"sur-\\udc00\",\"status\":\"DUPLICATE\"}");

        List<String> violations = invariants.checkStored(List.of(IngestionInvariants.readExact(
                "{\"trackingEventId\":\"e1\",\"messageId\":\"sur-?\",\"eventName\":\"A\",\"properties\":{\"big\":\"Infinity\"}}")));

        assertThat(String.join("\n", violations)).contains("answered 503", "reads back as", "\"sur-?\"",
                "\"Infinity\"", "DUPLICATE without the stored eventId");
    }

    @Test
    void acceptsNumbersEqualInValueWhateverTheirNotation() {
        invariants.check(request("{\"eventName\":\" A \",\"messageId\":\"m\",\"properties\":{\"n\":1E+2,\"z\":-0}}"),
                202, "{\"eventId\":\"e1\",\"messageId\":\"m\",\"status\":\"ACCEPTED\"}");

        assertThat(invariants.checkStored(List.of(IngestionInvariants.readExact("{\"trackingEventId\":\"e1\","
                + "\"messageId\":\"m\",\"eventName\":\"A\",\"userId\":null,\"anonymousId\":null,"
                + "\"properties\":{\"n\":100.0,\"z\":0},\"context\":null}")))).isEmpty();
    }

    private static GeneratedRequest request(String body) {
        return new GeneratedRequest("/api/events/ingest", body.getBytes(StandardCharsets.UTF_8), "test");
    }
}
