package com.volcanion.tracking.application;

import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.event.EventTime;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeysetCursorTest {

    record Position(Instant at, long id) {
    }

    @Test
    void aPositionSurvivesItsOpaqueForm() {
        Position position = new Position(Instant.parse("2026-11-24T10:00:00.123456Z"), 42);

        String cursor = KeysetCursor.encode("a1", position.at(), position.id());

        assertThat(KeysetCursor.decode("a1", cursor, Position::new)).isEqualTo(position);
        assertThat(cursor).doesNotContain(":").doesNotContain("=");
    }

    @Test
    void anotherListsCursorIsAClientError() {
        String cursor = KeysetCursor.encode("v1", Instant.parse("2026-11-24T10:00:00Z"), 1);

        assertThatThrownBy(() -> KeysetCursor.decode("a1", cursor, Position::new))
                .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("cursor"));
    }

    /**
     * Crafted cursors — any micros a long holds (a time Instant cannot hold, or PostgreSQL cannot), any id, stray
     * signs and separators, raw bytes — either decode to a position inside the span events are kept in, or are a
     * client error naming the cursor. Nothing else escapes (a 5xx before this test: {@code a1:-300000000000000000:1}).
     */
    @Test
    void aCraftedCursorDecodesInsideTheSpanOrIsAClientError() {
        Random random = new Random(18);
        String[] numbers = {"0", "-1", "+7", "9223372036854775807", "-9223372036854775808", "-300000000000000000",
                "253402300800000000", "99999999999999999999", "", " 1", "1e3", "0x10", "١٢"};
        for (int i = 0; i < 20_000; i++) {
            String micros = random.nextBoolean() ? Long.toString(random.nextLong())
                    : random.nextBoolean() ? Long.toString(random.nextLong(-62_135_596_800_000_000L, 253_402_300_800_000_000L))
                    : numbers[random.nextInt(numbers.length)];
            String id = random.nextBoolean() ? Long.toString(random.nextLong()) : numbers[random.nextInt(numbers.length)];
            String tag = random.nextInt(10) == 0 ? "v1" : "a1";
            String plain = switch (random.nextInt(4)) {
                case 0 -> tag + ":" + micros;
                case 1 -> tag + ":" + micros + ":" + id + ":" + id;
                default -> tag + ":" + micros + ":" + id;
            };
            byte[] bytes = random.nextInt(20) == 0 ? randomBytes(random) : plain.getBytes(StandardCharsets.UTF_8);
            String cursor = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

            try {
                Position position = KeysetCursor.decode("a1", cursor, Position::new);
                assertThat(EventTime.isWithinRange(position.at())).as(plain).isTrue();
                assertThat(KeysetCursor.decode("a1", KeysetCursor.encode("a1", position.at(), position.id()), Position::new))
                        .isEqualTo(position);
            } catch (DomainRuleViolation e) {
                assertThat(e.field()).isEqualTo("cursor");
            }
        }
    }

    @Test
    void garbageIsAClientError() {
        for (String garbage : new String[]{"garbage", "", "!!!", "YTE6MTox=", "a1:1:1", "%00"}) {
            assertThatThrownBy(() -> KeysetCursor.decode("a1", garbage, Position::new))
                    .isInstanceOfSatisfying(DomainRuleViolation.class, e -> assertThat(e.field()).isEqualTo("cursor"));
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return bytes;
    }
}
