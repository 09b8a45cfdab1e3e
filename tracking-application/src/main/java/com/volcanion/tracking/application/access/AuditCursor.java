package com.volcanion.tracking.application.access;

import com.volcanion.tracking.application.port.AuditTrail.RecordPosition;
import com.volcanion.tracking.domain.DomainRuleViolation;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/** The audit trail's {@code nextCursor}: the position of the last record returned, opaque to clients (base64url). */
final class AuditCursor {

    private static final String VERSION = "a1";

    private AuditCursor() {
    }

    static String encode(RecordPosition position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.at());
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + ":" + micros + ":" + position.id()).getBytes(StandardCharsets.US_ASCII));
    }

    static RecordPosition decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length != 3 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            Instant at = Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS);
            return new RecordPosition(at, Long.parseLong(parts[2]));
        } catch (RuntimeException e) {
            throw new DomainRuleViolation("cursor", "is not a cursor this service returned");
        }
    }
}
