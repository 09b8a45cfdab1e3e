package com.volcanion.tracking.application;

/** The request is well formed but clashes with what is stored, such as an email already taken. */
public class ConflictException extends RuntimeException {

    private final String field;

    public ConflictException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
