package com.volcanion.tracking.api.ingest;

/** A body, a batch or an event beyond the limits of docs/api.md: answered 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(String message) {
        super(message);
    }
}
