package com.volcanion.tracking.api.ingest;

/** The limits of docs/api.md, and the nesting depth this service chose. */
final class IngestionLimits {

    static final int MAX_EVENT_BYTES = 64 * 1024;
    static final int MAX_BATCH_BYTES = 2 * 1024 * 1024;
    static final int MAX_BATCH_EVENTS = 1000;
    /** Deeper JSON is refused with a 400: no tracking plan needs it, and it protects the parser. */
    static final int MAX_NESTING_DEPTH = 32;

    private IngestionLimits() {
    }
}
