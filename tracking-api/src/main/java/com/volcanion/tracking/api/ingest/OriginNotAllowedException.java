package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A browser page whose origin is not among the system's allowed origins: answered 403. */
public class OriginNotAllowedException extends ErrorResponseException {

    public OriginNotAllowedException(String origin) {
        super(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, "forbidden",
                "origin " + origin + " is not allowed to send this system's events", null), null);
    }
}
