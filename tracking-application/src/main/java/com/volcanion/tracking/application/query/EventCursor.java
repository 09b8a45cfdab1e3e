package com.volcanion.tracking.application.query;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.event.EventTime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Where the next page starts, newest first: the (eventTimestamp, id) of the last item returned. Opaque to
 * clients (base64url); anything that does not decode is a client error.
 */
public record EventCursor(Instant eventTimestamp, long id) {

    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, eventTimestamp);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    public static EventCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals("v1")) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            Instant eventTimestamp = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            if (!EventTime.isWithinRange(eventTimestamp)) {
                throw new IllegalArgumentException("no event lies there");
            }
            return new EventCursor(eventTimestamp, Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new DomainRuleViolation("cursor", "is not a cursor this service returned");
        }
    }
}
