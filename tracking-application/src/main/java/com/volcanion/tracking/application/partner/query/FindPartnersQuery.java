package com.volcanion.tracking.application.partner.query;

import com.volcanion.tracking.domain.DomainRuleViolation;

/** A page of partners, oldest first. {@code page} counts from 0; {@code size} is 1..200. */
public record FindPartnersQuery(int page, int size) {

    public static final int MAX_SIZE = 200;

    public FindPartnersQuery {
        if (page < 0) {
            throw new DomainRuleViolation("page", "must be 0 or more");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new DomainRuleViolation("size", "must be between 1 and " + MAX_SIZE);
        }
    }
}
