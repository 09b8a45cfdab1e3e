package com.volcanion.tracking.api.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import java.net.URI;
import java.util.List;

/**
 * The problem+json answers of docs/api.md: {@code type} is {@code urn:volcanion-tracking:problem:<slug>}, a stable
 * identifier that does not pretend to be a documentation page; a bad request lists {@code errors: [{field, message}]}.
 * The advice in {@code api.error} adds {@code instance} and {@code correlationId} to every one.
 */
public final class Problems {

    static final String TYPE_PREFIX = "urn:volcanion-tracking:problem:";

    private Problems() {
    }

    public static URI type(String slug) {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** A problem with its type, detail and, when given, its field errors. */
    public static ProblemDetail of(HttpStatus status, String slug, String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(slug));
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
