package com.volcanion.tracking.domain.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventIdsTest {

    @Test
    void anIdIsAVersion7UuidThatKeepsItsMillisecond() {
        Random random = new Random(14);
        for (int i = 0; i < 10_000; i++) {
            Instant time = Instant.ofEpochMilli(random.nextLong(0, 1L << 48)).plusNanos(random.nextInt(1_000_000));
            UUID id = EventIds.at(time);

            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(EventIds.timeOf(id)).isEqualTo(Instant.ofEpochMilli(time.toEpochMilli()));
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
        }
    }

    /**
     * PostgreSQL orders uuids by their bytes, unsigned; so does this test (Java's {@code UUID.compareTo} is signed).
     * Generated times, near and far apart, the same millisecond included: a later millisecond always sorts later.
     */
    @Test
    void aLaterMillisecondSortsLaterAsPostgresqlComparesUuids() {
        Random random = new Random(7);
        for (int i = 0; i < 10_000; i++) {
            long earlier = random.nextLong(0, (1L << 48) - 6);
            long later = earlier + 1 + (random.nextBoolean() ? random.nextLong(0, 5) : random.nextLong(0, (1L << 48) - earlier - 1));
            UUID first = EventIds.at(Instant.ofEpochMilli(earlier));
            UUID second = EventIds.at(Instant.ofEpochMilli(later));

            assertThat(unsignedBytewise(first, second)).as(first + " < " + second).isNegative();
        }
    }

    @Test
    void idsOfOneMillisecondDoNotCollide() {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        Set<UUID> ids = new HashSet<>();
        List<UUID> all = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            UUID id = EventIds.at(now);
            ids.add(id);
            all.add(id);
        }
        assertThat(ids).hasSize(all.size());
    }

    @Test
    void timesAUuidv7CannotHoldAreRefused() {
        assertThatThrownBy(() -> EventIds.at(Instant.ofEpochMilli(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventIds.at(Instant.ofEpochMilli(1L << 48))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EventIds.timeOf(UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }

    private static int unsignedBytewise(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
