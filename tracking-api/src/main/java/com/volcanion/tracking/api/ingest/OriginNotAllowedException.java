package com.volcanion.tracking.api.ingest;

/** A browser page whose origin is not among the system's allowed origins: answered 403. */
public class OriginNotAllowedException extends RuntimeException {

    public OriginNotAllowedException(String origin) {
        super("origin " + origin + " is not allowed to send this system's events");
    }
}
