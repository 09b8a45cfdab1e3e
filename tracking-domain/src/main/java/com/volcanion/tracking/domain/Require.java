package com.volcanion.tracking.domain;

/** Guards shared by the aggregates' constructors and behaviour methods. */
public final class Require {

    private Require() {
    }

    /**
     * Returns the trimmed text, or fails when it is blank, longer than {@code maxLength}, or holds a control
     * character (a name is one line of text; PostgreSQL cannot even store the NUL character).
     */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new DomainRuleViolation(field, "must not be blank");
        }
        String trimmed = value.strip();
        if (trimmed.length() > maxLength) {
            throw new DomainRuleViolation(field, "must be at most " + maxLength + " characters");
        }
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new DomainRuleViolation(field, "must not contain control characters");
        }
        return trimmed;
    }

    /**
     * Fails when free text holds the NUL character, which PostgreSQL can neither store nor compare; returns the
     * text.
     */
    public static String storable(String field, String value) {
        if (value != null && value.indexOf(0) >= 0) {
            throw new DomainRuleViolation(field, "must not contain the NUL character");
        }
        return value;
    }
}
