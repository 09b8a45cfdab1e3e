package com.volcanion.tracking.application;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.event.EventTime;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.function.BiFunction;

/**
 * The opaque form of a keyset page's position — the (time, id) of the last item returned — shared by every list
 * paged newest first: base64url of {@code tag:micros:id}. The tag tells one list's cursors from another's. Anything
 * that does not decode to a position this service could have returned (another tag, a time outside
 * {@link EventTime}'s span, a number that does not parse) is the client's mistake, never a 5xx.
 */
public final class KeysetCursor {

    private KeysetCursor() {
    }

    public static String encode(String tag, Instant at, long id) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, at);
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((tag + ":" + micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    public static <T> T decode(String tag, String cursor, BiFunction<Instant, Long, T> position) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals(tag)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            Instant at = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            if (!EventTime.isWithinRange(at)) {
                throw new IllegalArgumentException("nothing is kept at that time");
            }
            return position.apply(at, Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new DomainRuleViolation("cursor", "is not a cursor this service returned");
        }
    }
}
