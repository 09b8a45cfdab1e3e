package com.volcanion.tracking.infrastructure.cache;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class UnknownApiKeysTest {

    private final AtomicLong now = new AtomicLong();
    private final UnknownApiKeys unknown = new UnknownApiKeys(3, Duration.ofSeconds(30), now::get);

    @Test
    void remembersAHashForItsTimeOnly() {
        unknown.add("a");
        now.addAndGet(Duration.ofSeconds(29).toNanos());
        assertThat(unknown.contains("a")).isTrue();
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(unknown.contains("a")).isFalse();
        assertThat(unknown.size()).isZero();
    }

    @Test
    void holdsAtMostItsCapacityAndMakesRoomAsEntriesExpire() {
        for (String hash : List.of("a", "b", "c", "d")) {
            unknown.add(hash);
        }
        assertThat(unknown.size()).isEqualTo(3);
        assertThat(unknown.contains("d")).as("full: not remembered").isFalse();

        now.addAndGet(Duration.ofSeconds(30).toNanos());
        unknown.add("e");
        assertThat(unknown.size()).isEqualTo(1);
        assertThat(unknown.contains("e")).isTrue();
    }

    @Test
    void forgetsEvictedHashes() {
        unknown.add("a");
        unknown.removeAll(List.of("a"));
        assertThat(unknown.contains("a")).isFalse();
    }
}
