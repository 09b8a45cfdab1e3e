package com.volcanion.tracking.application.system.command;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.domain.DomainRuleViolation;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

/** Issue a new key; the old one keeps working for {@code gracePeriodSeconds} (0: revoked at once). */
public record RotateApiKeyCommand(Actor actor, UUID systemId, long gracePeriodSeconds) {

    /** Thirty days: a longer overlap defeats the point of rotating. */
    public static final long MAX_GRACE_SECONDS = Duration.ofDays(30).toSeconds();

    public RotateApiKeyCommand {
        Objects.requireNonNull(systemId, "systemId");
        if (gracePeriodSeconds < 0 || gracePeriodSeconds > MAX_GRACE_SECONDS) {
            throw new DomainRuleViolation("gracePeriodSeconds", "must be between 0 and " + MAX_GRACE_SECONDS);
        }
    }
}
