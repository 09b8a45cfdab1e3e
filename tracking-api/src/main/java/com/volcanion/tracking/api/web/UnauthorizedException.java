package com.volcanion.tracking.api.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A missing, unknown or revoked admin credential: always answered with the same 401. */
public class UnauthorizedException extends ErrorResponseException {

    public UnauthorizedException(String message) {
        super(HttpStatus.UNAUTHORIZED, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", message, null), null);
        getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }
}
