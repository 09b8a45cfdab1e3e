package com.volcanion.tracking.domain;

/** Guards shared by the aggregates' constructors and behaviour methods. */
public final class Require {

    private Require() {
    }

    /** Returns the trimmed text, or fails when it is blank or longer than {@code maxLength}. */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new DomainRuleViolation(field, "must not be blank");
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw new DomainRuleViolation(field, "must be at most " + maxLength + " characters");
        }
        return trimmed;
    }
}
