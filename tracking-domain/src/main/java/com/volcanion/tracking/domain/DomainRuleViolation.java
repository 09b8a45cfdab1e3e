package com.volcanion.tracking.domain;

/**
 * A request that breaks a rule of the model, such as a blank name or an over-long event name.
 * Callers at the edge translate it into a client error; it never means the system is broken.
 */
public class DomainRuleViolation extends RuntimeException {

    private final String field;

    public DomainRuleViolation(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field that broke the rule, as the client named it. */
    public String field() {
        return field;
    }
}
