package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.event.TrackingEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Keeps events by (system, messageId), first one wins, like the database's unique key. */
public class InMemoryTrackingEventStore implements TrackingEventStore {

    public final Map<String, TrackingEvent> events = new LinkedHashMap<>();

    @Override
    public synchronized List<Outcome> store(List<TrackingEvent> batch) {
        List<Outcome> stored = new ArrayList<>();
        for (TrackingEvent event : batch) {
            String key = event.partnerSystemId() + "/" + event.messageId();
            TrackingEvent existing = events.putIfAbsent(key, event);
            stored.add(existing == null ? new Stored(event.id(), false) : new Stored(existing.id(), true));
        }
        return stored;
    }
}
