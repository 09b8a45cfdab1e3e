package com.volcanion.tracking.domain.event;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Time-ordered ids (UUIDv7, RFC 9562 section 5.7): 48 bits of Unix milliseconds, the version, 74 random bits and the
 * variant. Ids made later sort later (to the millisecond), so new rows go to one small, recent region of the B-trees
 * that hold them, not to a random page of an index that outgrew memory. Within one millisecond the order is random;
 * nothing relies on it.
 */
public final class EventIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private EventIds() {
    }

    /** A new id for something that happened at {@code time} (from 1970 to the year 10889). */
    public static UUID at(Instant time) {
        long millis = time.toEpochMilli();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("a UUIDv7 holds the times from 1970 to 10889: " + time);
        }
        byte[] random = new byte[10];
        RANDOM.nextBytes(random);
        long randA = ((random[0] & 0x0FL) << 8) | (random[1] & 0xFFL);
        long randB = 0;
        for (int i = 2; i < 10; i++) {
            randB = (randB << 8) | (random[i] & 0xFFL);
        }
        long mostSignificant = millis << 16 | 0x7000L | randA;
        long leastSignificant = 0x8000_0000_0000_0000L | (randB & 0x3FFF_FFFF_FFFF_FFFFL);
        return new UUID(mostSignificant, leastSignificant);
    }

    /** The millisecond a UUIDv7 was made at. */
    public static Instant timeOf(UUID id) {
        if (id.version() != 7 || id.variant() != 2) {
            throw new IllegalArgumentException("not a UUIDv7: " + id);
        }
        return Instant.ofEpochMilli(id.getMostSignificantBits() >>> 16);
    }
}
