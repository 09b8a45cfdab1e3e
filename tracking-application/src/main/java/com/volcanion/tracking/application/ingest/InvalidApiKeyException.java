package com.volcanion.tracking.application.ingest;

/**
 * The key is missing, malformed, unknown, revoked, expired, or belongs to an inactive system or partner.
 * Deliberately one exception with one message, so clients cannot tell these cases apart.
 */
public class InvalidApiKeyException extends RuntimeException {

    public InvalidApiKeyException() {
        super("a valid API key is required");
    }
}
