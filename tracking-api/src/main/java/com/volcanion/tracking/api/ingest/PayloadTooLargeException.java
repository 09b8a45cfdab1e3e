package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A body, a batch or an event beyond the limits of docs/api.md: answered 413. */
public class PayloadTooLargeException extends ErrorResponseException {

    public PayloadTooLargeException(String message) {
        super(HttpStatus.CONTENT_TOO_LARGE, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", message,
                null), null);
    }
}
