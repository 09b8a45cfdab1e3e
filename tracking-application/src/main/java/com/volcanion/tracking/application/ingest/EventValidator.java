package com.volcanion.tracking.application.ingest;

import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;
import java.util.UUID;

/** Checks an event's properties against the partner's event structure for the event's name. */
public interface EventValidator {

    /** No structure for the name: valid, with no schema version. */
    Verdict validate(UUID partnerId, String eventName, String propertiesJson);

    record Verdict(List<ValidationError> errors, Integer schemaVersion) {

        public static final Verdict NO_STRUCTURE = new Verdict(List.of(), null);

        public Verdict {
            errors = List.copyOf(errors);
        }
    }
}
