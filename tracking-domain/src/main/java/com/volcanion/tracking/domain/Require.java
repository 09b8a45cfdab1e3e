package com.volcanion.tracking.domain;

/** Guards shared by the aggregates' constructors and behaviour methods. */
public final class Require {

    private Require() {
    }

    /**
     * Returns the trimmed text, or fails when it is blank, longer than {@code maxLength} characters (Unicode code
     * points, as PostgreSQL counts them), or holds a control character (a name is one line of text; PostgreSQL
     * cannot even store the NUL character) or an unpaired UTF-16 surrogate.
     */
    public static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            throw new DomainRuleViolation(field, "must not be blank");
        }
        String trimmed = value.strip();
        if (trimmed.chars().anyMatch(Character::isISOControl)) {
            throw new DomainRuleViolation(field, "must not contain control characters");
        }
        return storable(field, trimmed, maxLength);
    }

    /**
     * Fails when free text cannot be stored exactly: PostgreSQL can neither store nor compare the NUL character,
     * and an unpaired UTF-16 surrogate has no UTF-8 form (the driver would store {@code ?} instead, so two
     * different texts would become one). Returns the text.
     */
    public static String storable(String field, String value) {
        String problem = unstorableReason(value);
        if (problem != null) {
            throw new DomainRuleViolation(field, problem);
        }
        return value;
    }

    /** {@link #storable} and at most {@code maxLength} characters (code points); null passes. Returns the text. */
    public static String storable(String field, String value, int maxLength) {
        return maxLength(field, storable(field, value), maxLength);
    }

    /** Fails when the text is longer than {@code maxLength} Unicode code points; returns it. */
    private static String maxLength(String field, String value, int maxLength) {
        if (value != null && value.codePointCount(0, value.length()) > maxLength) {
            throw new DomainRuleViolation(field, "must be at most " + maxLength + " characters");
        }
        return value;
    }

    /** Why a text cannot be stored exactly (see {@link #storable}), or null when it can. */
    public static String unstorableReason(String value) {
        if (value == null) {
            return null;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0) {
                return "must not contain the NUL character (\\u0000)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain an unpaired UTF-16 surrogate (\\u" + Integer.toHexString(c) + ")";
            }
        }
        return null;
    }
}
