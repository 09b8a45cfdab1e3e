package com.volcanion.tracking.api.web;

/** A missing, unknown or revoked credential: always answered with the same 401. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message);
    }
}
