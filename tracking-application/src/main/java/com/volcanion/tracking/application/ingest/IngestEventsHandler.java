package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.application.ingest.IncomingItem.IncomingEvent;
import com.volcanion.tracking.application.ingest.IncomingItem.UnreadableItem;
import com.volcanion.tracking.application.ingest.IngestionResult.ItemResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.event.EventIds;
import com.volcanion.tracking.domain.event.TrackingEvent;
import com.volcanion.tracking.domain.event.ValidationError;
import com.volcanion.tracking.domain.partner.PartnerEventStructure;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns incoming items into stored events. An event that breaks its structure is stored anyway, flagged; an
 * item that is not an event is rejected alone. A messageId repeated inside the request is stored once, and the
 * store makes it exactly once across requests. Not transactional itself: the store commits, and answers only
 * after its commit.
 */
public class IngestEventsHandler {

    private final EventValidator validator;
    private final TrackingEventStore store;
    private final Clock clock;

    public IngestEventsHandler(EventValidator validator, TrackingEventStore store, Clock clock) {
        this.validator = validator;
        this.store = store;
        this.clock = clock;
    }

    public IngestionResult handle(IngestEventsCommand command) {
        Instant receivedAt = clock.instant();
        ItemResult[] results = new ItemResult[command.items().size()];
        List<TrackingEvent> toStore = new ArrayList<>();
        List<Integer> storedIndexes = new ArrayList<>();
        Map<String, Integer> firstIndexByMessageId = new HashMap<>();
        Map<Integer, Integer> repeatOf = new HashMap<>();

        for (int index = 0; index < results.length; index++) {
            IncomingItem item = command.items().get(index);
            switch (item) {
                case UnreadableItem unreadable ->
                        results[index] = new ItemResult(index, null, null, Status.REJECTED, false, unreadable.errors());
                case IncomingEvent incoming -> {
                    try {
                        TrackingEvent event = toTrackingEvent(command, incoming, receivedAt);
                        Integer first = firstIndexByMessageId.putIfAbsent(event.messageId(), index);
                        if (first != null) {
                            repeatOf.put(index, first);
                            results[index] = new ItemResult(index, null, event.messageId(), Status.DUPLICATE,
                                    event.valid(), event.validationErrors());
                        } else {
                            toStore.add(event);
                            storedIndexes.add(index);
                            results[index] = new ItemResult(index, event.id(), event.messageId(), Status.ACCEPTED,
                                    event.valid(), event.validationErrors());
                        }
                    } catch (DomainRuleViolation violation) {
                        results[index] = new ItemResult(index, null, incoming.messageId(), Status.REJECTED, false,
                                List.of(new ValidationError(violation.field(), violation.getMessage())));
                    }
                }
            }
        }

        List<TrackingEventStore.Outcome> outcomes = toStore.isEmpty() ? List.of() : store.store(toStore);
        for (int i = 0; i < outcomes.size(); i++) {
            int index = storedIndexes.get(i);
            ItemResult proposed = results[index];
            results[index] = switch (outcomes.get(i)) {
                case TrackingEventStore.Stored stored -> new ItemResult(index, stored.eventId(), proposed.messageId(),
                        stored.duplicate() ? Status.DUPLICATE : Status.ACCEPTED, proposed.valid(), proposed.validationErrors());
                case TrackingEventStore.Suppressed suppressed -> new ItemResult(index, null, proposed.messageId(),
                        Status.SUPPRESSED, proposed.valid(), proposed.validationErrors());
                case TrackingEventStore.Refused refused -> new ItemResult(index, null, proposed.messageId(),
                        Status.REJECTED, false, List.of(new ValidationError("$", refused.reason())));
            };
        }
        repeatOf.forEach((index, first) -> {
            ItemResult repeat = results[index];
            ItemResult original = results[first];
            results[index] = switch (original.status()) {
                case REJECTED -> new ItemResult(index, null, repeat.messageId(), Status.REJECTED, false,
                        original.validationErrors());
                case SUPPRESSED -> new ItemResult(index, null, repeat.messageId(), Status.SUPPRESSED, repeat.valid(),
                        repeat.validationErrors());
                case ACCEPTED, DUPLICATE -> new ItemResult(index, original.eventId(), repeat.messageId(),
                        Status.DUPLICATE, repeat.valid(), repeat.validationErrors());
            };
        });
        return new IngestionResult(List.of(results));
    }

    private TrackingEvent toTrackingEvent(IngestEventsCommand command, IncomingEvent incoming, Instant receivedAt) {
        String eventName = PartnerEventStructure.requireEventName(incoming.eventName());
        Instant sentAt = incoming.sentAt() != null ? incoming.sentAt() : command.batchSentAt();
        String messageId = incoming.messageId() != null ? incoming.messageId() : EventIds.at(receivedAt).toString();
        EventValidator.Verdict verdict = validator.validate(command.system().partnerId(), eventName, incoming.properties());
        return new TrackingEvent(EventIds.at(receivedAt), command.system().partnerId(), command.system().systemId(),
                messageId, incoming.type(), eventName, TrackingEvent.correctedTimestamp(incoming.timestamp(), sentAt, receivedAt),
                incoming.timestamp(), sentAt, receivedAt, incoming.userId(), incoming.anonymousId(),
                incoming.properties(), incoming.context(), verdict.errors(), verdict.schemaVersion(),
                command.correlationId());
    }
}
