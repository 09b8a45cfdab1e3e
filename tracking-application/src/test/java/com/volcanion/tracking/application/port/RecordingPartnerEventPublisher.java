package com.volcanion.tracking.application.port;

import com.volcanion.tracking.domain.partner.PartnerEvent;

import java.util.ArrayList;
import java.util.List;

/** Keeps what was published, for tests to read. */
public class RecordingPartnerEventPublisher implements PartnerEventPublisher {

    public final List<PartnerEvent> published = new ArrayList<>();

    @Override
    public void publish(List<PartnerEvent> events) {
        published.addAll(events);
    }
}
