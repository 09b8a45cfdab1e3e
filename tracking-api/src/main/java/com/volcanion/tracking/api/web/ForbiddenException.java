package com.volcanion.tracking.api.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A valid partner token asking for what only the operator may do. */
public class ForbiddenException extends ErrorResponseException {

    public ForbiddenException(String message) {
        super(HttpStatus.FORBIDDEN, Problems.of(HttpStatus.FORBIDDEN, "forbidden", message, null), null);
    }
}
