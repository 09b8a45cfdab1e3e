package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.domain.event.ValidationError;

import java.util.List;

/** A request body that is not an event (or not a batch): answered 400 with the reasons. */
public class InvalidEventException extends RuntimeException {

    private final List<ValidationError> errors;

    public InvalidEventException(String message, List<ValidationError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<ValidationError> errors() {
        return errors;
    }
}
