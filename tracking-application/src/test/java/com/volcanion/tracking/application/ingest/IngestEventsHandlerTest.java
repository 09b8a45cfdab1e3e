package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.application.ingest.IncomingItem.IncomingEvent;
import com.volcanion.tracking.application.ingest.IncomingItem.UnreadableItem;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.domain.event.TrackingEvent;
import com.volcanion.tracking.domain.event.ValidationError;
import com.volcanion.tracking.domain.partner.SystemType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static com.volcanion.tracking.domain.partner.PartnerBuilder.FIXED_CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

class IngestEventsHandlerTest {

    private static final SystemCredential SYSTEM = new SystemCredential(UUID.randomUUID(), UUID.randomUUID(),
            SystemType.WEBSITE, true, true, List.of(), null, null);

    /** Events named "Order Completed" need a total; nothing else has a structure. */
    private final EventValidator validator = (partnerId, eventName, properties) ->
            eventName.equals("Order Completed") && !properties.contains("total")
                    ? new EventValidator.Verdict(List.of(new ValidationError("$", "required property 'total' not found")), 3)
                    : eventName.equals("Order Completed") ? new EventValidator.Verdict(List.of(), 3)
                    : EventValidator.Verdict.NO_STRUCTURE;
    private final InMemoryTrackingEventStore store = new InMemoryTrackingEventStore();
    private final IngestEventsHandler handler = new IngestEventsHandler(validator, store, FIXED_CLOCK);

    @Test
    void storesAnInvalidEventWithItsErrorsAndSchemaVersion() {
        var result = ingest(event("m-1", "Order Completed", "{}"));

        var item = result.results().getFirst();
        assertThat(item.status()).isEqualTo(Status.ACCEPTED);
        assertThat(item.valid()).isFalse();
        assertThat(item.validationErrors()).extracting(ValidationError::path).containsExactly("$");
        TrackingEvent stored = store.events.values().iterator().next();
        assertThat(stored.valid()).isFalse();
        assertThat(stored.schemaVersion()).isEqualTo(3);
        assertThat(result.invalid()).isEqualTo(1);
    }

    @Test
    void storesAnEventWithoutStructureAsValid() {
        var item = ingest(event("m-1", "Page Viewed", "{}")).results().getFirst();

        assertThat(item.valid()).isTrue();
        assertThat(store.events.values().iterator().next().schemaVersion()).isNull();
    }

    @Test
    void rejectsWhatIsNotAnEventAndStoresTheRest() {
        var result = ingest(new UnreadableItem(List.of(new ValidationError("eventName", "is required"))),
                event("m-2", "x".repeat(201), "{}"),
                event("m-3", "Page Viewed", "{}"));

        assertThat(result.results()).extracting(IngestionResult.ItemResult::status)
                .containsExactly(Status.REJECTED, Status.REJECTED, Status.ACCEPTED);
        assertThat(result.results().get(1).validationErrors().getFirst().path()).isEqualTo("eventName");
        assertThat(result.rejected()).isEqualTo(2);
        assertThat(store.events).hasSize(1);
    }

    @Test
    void storesAMessageIdRepeatedInOneBatchOnce() {
        var result = ingest(event("m-1", "Page Viewed", "{}"), event("m-1", "Page Viewed", "{}"));

        assertThat(result.results()).extracting(IngestionResult.ItemResult::status)
                .containsExactly(Status.ACCEPTED, Status.DUPLICATE);
        assertThat(result.results().get(1).eventId()).isEqualTo(result.results().get(0).eventId());
        assertThat(store.events).hasSize(1);
    }

    @Test
    void answersDuplicateWithTheStoredIdAcrossRequests() {
        UUID first = ingest(event("m-1", "Page Viewed", "{}")).results().getFirst().eventId();

        var again = ingest(event("m-1", "Page Viewed", "{\"changed\":true}")).results().getFirst();

        assertThat(again.status()).isEqualTo(Status.DUPLICATE);
        assertThat(again.eventId()).isEqualTo(first);
        assertThat(store.events).hasSize(1);
    }

    @Test
    void generatesAMessageIdWhenTheClientSentNone() {
        var item = ingest(event(null, "Page Viewed", "{}")).results().getFirst();

        assertThat(item.messageId()).isNotBlank();
    }

    @Test
    void correctsClockSkewWithTheBatchSentAtAndKeepsTheOriginals() {
        Instant clientTimestamp = FIXED_CLOCK.instant().plusSeconds(3600);
        Instant batchSentAt = clientTimestamp.plusSeconds(5);
        var incoming = new IncomingEvent(EventType.TRACK, "m-1", "Page Viewed", clientTimestamp, null, "u-1", null, "{}", null);

        handler.handle(new IngestEventsCommand(SYSTEM, batchSentAt, "corr-1", List.of(incoming)));

        TrackingEvent stored = store.events.values().iterator().next();
        assertThat(stored.eventTimestamp()).isEqualTo(FIXED_CLOCK.instant().minusSeconds(5));
        assertThat(stored.clientTimestamp()).isEqualTo(clientTimestamp);
        assertThat(stored.sentAt()).isEqualTo(batchSentAt);
        assertThat(stored.receivedAt()).isEqualTo(FIXED_CLOCK.instant());
        assertThat(stored.correlationId()).isEqualTo("corr-1");
    }

    private IngestionResult ingest(IncomingItem... items) {
        return handler.handle(new IngestEventsCommand(SYSTEM, null, "corr", List.of(items)));
    }

    private static IncomingEvent event(String messageId, String name, String properties) {
        return new IncomingEvent(EventType.TRACK, messageId, name, null, null, "u-1", null, properties, null);
    }
}
