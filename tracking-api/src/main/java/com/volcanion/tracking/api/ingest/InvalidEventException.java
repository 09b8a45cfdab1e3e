package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.FieldError;
import com.volcanion.tracking.api.web.Problems;
import com.volcanion.tracking.domain.event.ValidationError;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import java.util.List;

/** A request body that is not an event (or not a batch): answered 400 with the reasons. */
public class InvalidEventException extends ErrorResponseException {

    public InvalidEventException(String message, List<ValidationError> errors) {
        super(HttpStatus.BAD_REQUEST, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", message,
                errors.stream().map(error -> new FieldError(error.path(), error.message())).toList()), null);
    }
}
