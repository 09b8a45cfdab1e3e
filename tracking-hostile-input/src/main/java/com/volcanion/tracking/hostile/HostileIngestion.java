package com.volcanion.tracking.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded generator of ingestion requests, good and hostile mixed, as text: what an SDK, a buggy client or an
 * attacker could send to {@code /api/events/ingest} and {@code /api/events/batch}. The same seed gives the same
 * requests. Nothing here predicts the answer: {@link IngestionInvariants} judges answers by what must hold for any
 * input.
 * <p>
 * It aims at the edges: Unicode (NUL, lone and reversed surrogates, noncharacters, RTL marks, 4-byte characters),
 * numbers (huge, tiny, {@code -0}, long exponents, 30-digit and 1000-digit integers), times at and beyond every
 * edge (1900, 9999, year 0, ±999999999, leap seconds, odd offsets, nanoseconds), nesting around the 32-level limit,
 * sizes around 64 KiB, ids around their length limits and repeated across requests, wrong types, and raw bytes
 * (invalid UTF-8, surrogates encoded as UTF-8, truncated bodies).
 */
public final class HostileIngestion {

    /** Sent with a request: the path, the exact bytes, and a short description for failure reports. */
    public record GeneratedRequest(String path, byte[] body, String kind) {

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final String[] NAMES = {"Order Completed", "Signed Up", "Page Viewed", "Product Added",
            " Padded Name ", "Ünïcödé Événement", "注文完了", "הזמנה הושלמה", "🚀 Launched", "a"};
    private static final String[] TIMES = {"1900-01-01T00:00:00Z", "1899-12-31T23:59:59.999999999Z",
            "9999-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "0000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z",
            "2026-06-30T23:59:60Z", "2026-11-01T01:30:00-04:00", "2026-11-01T01:30:00-05:00",
            "2026-03-08T02:30:00-05:00", "2026-11-24T10:00:00+18:00", "2026-11-24T10:00:00-18:00",
            "2026-11-24T10:00:00+05:45", "2026-11-24T10:00:00.123456789Z", "2026-11-24T10:00:00.1234565Z",
            "2026-11-24T10:00:00", "2026-11-24", "yesterday", "", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z"};
    private static final String[] NUMBERS = {"0", "-0", "-0.0", "0.0", "1", "-1", "3.14159", "1e400", "1E+400",
            "-1e400", "1e-400", "1.50E+3", "1e0", "-1.0e-7", "0.1", "123456789012345678901234567890",
            "-123456789012345678901234567890.000000000000000000001", "1e16383", "1e-16383", "1e-16384", "1e100000",
            "1e999999999", "-1e999999999", "1e-999999999", "1e99999999999999999999", "1e999", "1e1000", "1e-998",
            "1e-999", "2147483648", "9223372036854775808",
            "1.7976931348623157e309", "4.9e-325", "0.000000000000000000000000000001"};
    private static final String[] STORABLE_NUMBERS = {"0", "-0", "-0.0", "0.0", "1", "-1", "3.14159", "1e400", "1E+400",
            "-1e400", "1e-400", "1.50E+3", "1e0", "-1.0e-7", "0.1", "123456789012345678901234567890", "1e999",
            "-123456789012345678901234567890.000000000000000000001", "2147483648", "9223372036854775808",
            "1.7976931348623157e309", "4.9e-325", "0.000000000000000000000000000001"};
    private static final String[] SPECIAL_STRINGS = {"", " ", "\u0000", "nul\u0000inside", "\ud800", "\udfff",
            "x\udc00\ud800y", "\ud83d", "\ude00", "\uffff", "\ufffe", "\u200f\u202eevil", "\u0301\u0301", "\t\n\r",
            "\u007f\u0085", "😀", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\\u0000", "\"quoted\"", "back\\slash", "</script>", "' or 1=1 --",
            "%00", "\uFEFFbom"};

    private final SplittableRandom random;
    private final List<String> sentMessageIds = new ArrayList<>();
    private final String namespace;
    private long sequence;
    /** Whether the event being generated draws from every value (half of them), or from storable values only. */
    private boolean hostile;

    /** @param namespace prefix of generated messageIds, so that separate runs on one system do not collide */
    public HostileIngestion(long seed, String namespace) {
        this.random = new SplittableRandom(seed);
        this.namespace = namespace;
    }

    public GeneratedRequest next() {
        int kind = random.nextInt(100);
        if (kind < 45) {
            return new GeneratedRequest("/api/events/ingest", utf8(event()), "event");
        }
        if (kind < 90) {
            StringBuilder batch = new StringBuilder("{");
            if (chance(20)) {
                batch.append("\"sentAt\":").append(time()).append(',');
            }
            batch.append("\"events\":[");
            int items = 1 + random.nextInt(12);
            for (int i = 0; i < items; i++) {
                batch.append(i == 0 ? "" : ",").append(chance(5) ? notAnEvent() : event());
            }
            return new GeneratedRequest("/api/events/batch", utf8(batch.append("]}").toString()), "batch");
        }
        return corrupted(utf8(event()));
    }

    private String event() {
        hostile = chance(50);
        List<String> fields = new ArrayList<>();
        if (!hostile || !chance(3)) {
            fields.add("\"eventName\":" + eventName());
        }
        if (!chance(20)) {
            fields.add("\"messageId\":" + messageId());
        }
        if (chance(60)) {
            fields.add("\"userId\":" + identity());
        }
        if (chance(40)) {
            fields.add("\"anonymousId\":" + identity());
        }
        if (chance(50)) {
            fields.add("\"timestamp\":" + time());
        }
        if (chance(25)) {
            fields.add("\"sentAt\":" + time());
        }
        if (!chance(15)) {
            fields.add("\"properties\":" + properties());
        }
        if (chance(40)) {
            fields.add("\"context\":" + properties());
        }
        if (chance(5)) {
            fields.add("\"unknownField\":" + value(2));   // ignored, whatever it holds
        }
        shuffle(fields);
        return "{" + String.join(",", fields) + "}";
    }

    private String eventName() {
        int pick = random.nextInt(hostile ? 100 : 85);
        if (pick < 70) {
            return string(NAMES[random.nextInt(NAMES.length)]);
        }
        if (pick < 80) {   // around the 200-character limit; a storable event stays within it
            return string(repeat(chance(50) ? "x" : "é", (hostile ? 199 : 197) + random.nextInt(3)));
        }
        if (pick < 85) {
            return string(repeat("😀", (hostile ? 199 : 197) + random.nextInt(3)));
        }
        if (pick < 95) {
            return string(SPECIAL_STRINGS[random.nextInt(SPECIAL_STRINGS.length)]);
        }
        return value(1);   // a number, object, array...
    }

    private String messageId() {
        int pick = random.nextInt(hostile ? 100 : 85);
        if (pick < 15 && !sentMessageIds.isEmpty()) {   // a retry, or another client reusing an id
            return string(sentMessageIds.get(random.nextInt(sentMessageIds.size())));
        }
        String id;
        if (pick < 75) {
            id = namespace + "-" + (++sequence);
        } else if (pick < 85) {
            // around the 100-character limit, in characters of one or two UTF-16 units
            id = namespace + "-" + repeat(chance(50) ? "🔑" : "k", (hostile ? 98 : 96) - namespace.length() + random.nextInt(4));
        } else if (pick < 97) {
            id = namespace + "-" + SPECIAL_STRINGS[random.nextInt(SPECIAL_STRINGS.length)] + (++sequence);
        } else {
            return value(1);
        }
        sentMessageIds.add(id);
        return string(id);
    }

    private String identity() {
        int pick = random.nextInt(hostile ? 100 : 80);
        if (pick < 60) {
            return string("u-" + random.nextInt(500));
        }
        if (pick < 70) {
            return string(repeat(chance(50) ? "u" : "ü", (hostile ? 199 : 197) + random.nextInt(3)));
        }
        if (pick < 75) {
            return string(repeat("👤", (hostile ? 199 : 197) + random.nextInt(3)));
        }
        if (pick < 80) {
            return string(storableText(1 + random.nextInt(60)));
        }
        if (pick < 95) {
            return string(SPECIAL_STRINGS[random.nextInt(SPECIAL_STRINGS.length)] + random.nextInt(100));
        }
        return chance(50) ? "null" : value(1);
    }

    private String time() {
        if (!hostile || chance(50)) {
            int year = 1970 + random.nextInt(130);
            int nanos = random.nextInt(1_000_000_000);
            String offset = chance(70) ? "Z" : String.format("%+03d:%02d", random.nextInt(-12, 15), random.nextInt(4) * 15);
            return string(String.format("%04d-%02d-%02dT%02d:%02d:%02d.%09d%s", year, 1 + random.nextInt(12),
                    1 + random.nextInt(28), random.nextInt(24), random.nextInt(60), random.nextInt(60), nanos, offset));
        }
        if (chance(90)) {
            return string(TIMES[random.nextInt(TIMES.length)]);
        }
        return value(1);
    }

    private String properties() {
        int pick = random.nextInt(hostile ? 100 : 80);
        if (pick < 80) {
            return object(1 + random.nextInt(3));
        }
        if (pick < 85) {   // nesting around the 32-level limit (the event and a batch add levels of their own)
            int depth = 28 + random.nextInt(7);
            return "{\"n\":".repeat(depth) + "1" + "}".repeat(depth);
        }
        if (pick < 89) {   // sizes around 64 KiB
            return "{\"big\":" + string(repeat("x", 64 * 1024 - 200 + random.nextInt(400))) + "}";
        }
        if (pick < 96) {
            return chance(50) ? "null" : "{}";
        }
        return value(1);   // an array, a string, a number...
    }

    private String object(int depth) {
        int size = random.nextInt(6);
        StringBuilder object = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            object.append(i == 0 ? "" : ",").append(string(key(i))).append(':').append(value(depth));
        }
        return object.append('}').toString();
    }

    private String key(int index) {
        if (!hostile) {
            return "k" + index + (chance(30) ? "-" + storableText(1 + random.nextInt(8)) : "");
        }
        if (chance(85)) {
            return "k" + index + (chance(30) ? "-" + SPECIAL_STRINGS[random.nextInt(SPECIAL_STRINGS.length)] : "");
        }
        return chance(50) ? "" + index : SPECIAL_STRINGS[random.nextInt(SPECIAL_STRINGS.length)] + index;
    }

    private String value(int depth) {
        int pick = random.nextInt(depth > 0 ? 100 : 80);
        if (pick < 30) {
            return string(chance(70) || !hostile ? "v" + random.nextInt(1000) : SPECIAL_STRINGS[random.nextInt(SPECIAL_STRINGS.length)]);
        }
        if (pick < 50) {
            return number();
        }
        if (pick < 60) {
            return chance(50) ? "true" : "false";
        }
        if (pick < 65) {
            return "null";
        }
        if (pick < 80) {
            return string(hostile ? randomText(1 + random.nextInt(40)) : storableText(1 + random.nextInt(40)));
        }
        if (pick < 90) {
            int size = random.nextInt(5);
            StringBuilder array = new StringBuilder("[");
            for (int i = 0; i < size; i++) {
                array.append(i == 0 ? "" : ",").append(value(depth - 1));
            }
            return array.append(']').toString();
        }
        return object(depth - 1);
    }

    private String number() {
        int pick = random.nextInt(100);
        if (pick < 40) {
            return hostile ? NUMBERS[random.nextInt(NUMBERS.length)] : STORABLE_NUMBERS[random.nextInt(STORABLE_NUMBERS.length)];
        }
        if (pick < 60) {
            return Long.toString(random.nextLong());
        }
        if (pick < 75) {
            return random.nextInt(-1000, 1000) + "." + random.nextInt(1_000_000);
        }
        if (pick < 90) {
            return (chance(50) ? "-" : "") + (1 + random.nextInt(9)) + "." + random.nextInt(1000)
                    + (chance(50) ? "e" : "E") + random.nextInt(-500, 500);
        }
        int digits = hostile ? 990 + random.nextInt(20) : 1 + random.nextInt(40);   // around the parser's 1000-character limit
        StringBuilder huge = new StringBuilder().append(1 + random.nextInt(9));
        for (int i = 1; i < digits; i++) {
            huge.append(random.nextInt(10));
        }
        return huge.toString();
    }

    private String notAnEvent() {
        return switch (random.nextInt(5)) {
            case 0 -> "null";
            case 1 -> "42";
            case 2 -> "\"event\"";
            case 3 -> "[]";
            default -> "{}";
        };
    }

    /** Random characters that store exactly: {@link #randomText} without NUL and without unpaired surrogates. */
    private String storableText(int length) {
        StringBuilder text = new StringBuilder();
        while (text.length() < length) {
            int codePoint = random.nextInt(100) < 85 ? 1 + random.nextInt(0xFFFF) : 0x10000 + random.nextInt(0x10FFFF - 0x10000);
            if (codePoint < 0xD800 || codePoint > 0xDFFF) {
                text.appendCodePoint(codePoint);
            }
        }
        return text.toString();
    }

    /** Random code points: ASCII, any BMP character (surrogates included, one at a time), 4-byte characters. */
    private String randomText(int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int pick = random.nextInt(100);
            if (pick < 50) {
                text.append((char) (0x20 + random.nextInt(0x5f)));
            } else if (pick < 85) {
                text.append((char) random.nextInt(0x10000));
            } else {
                text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
            }
        }
        return text.toString();
    }

    /**
     * A JSON string literal: quotes, backslashes and control characters escaped as JSON requires; other characters
     * raw or as {@code \}{@code uXXXX} escapes at random, except unpaired surrogates, which can only be escapes (they
     * have no UTF-8 form: a raw one would silently become {@code ?} on the way out).
     */
    private String string(String value) {
        StringBuilder literal = new StringBuilder("\"");
        boolean escapeAll = chance(15);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1));
            if (c == '"' || c == '\\') {
                literal.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !pair || escapeAll && c > 0x7e) {
                literal.append(String.format("\\u%04x", (int) c));
            } else if (pair) {
                if (chance(30)) {
                    literal.append(String.format("\\u%04x\\u%04x", (int) c, (int) value.charAt(i + 1)));
                } else {
                    literal.append(c).append(value.charAt(i + 1));
                }
                i++;
            } else {
                literal.append(c);
            }
        }
        return literal.append('"').toString();
    }

    /** A body broken at the byte level: cut short, invalid UTF-8, a surrogate encoded as UTF-8, control bytes... */
    private GeneratedRequest corrupted(byte[] body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int at = 1 + random.nextInt(Math.max(1, body.length - 1));
        String how;
        switch (random.nextInt(7)) {
            case 0 -> {
                bytes.write(body, 0, at);
                how = "truncated";
            }
            case 1 -> {
                bytes.writeBytes(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                bytes.writeBytes(body);
                how = "byte-order mark";
            }
            case 2 -> {
                bytes.writeBytes(body);
                bytes.writeBytes(chance(50) ? "{}".getBytes(StandardCharsets.US_ASCII) : new byte[]{0});
                how = "trailing content";
            }
            default -> {
                String text = new String(body, StandardCharsets.UTF_8);
                int quote = text.indexOf("\":\"");   // inside the first string value, if there is one
                if (quote < 0) {
                    return new GeneratedRequest("/api/events/ingest", body, "event");
                }
                byte[] head = text.substring(0, quote + 3).getBytes(StandardCharsets.UTF_8);
                bytes.writeBytes(head);
                byte[][] inserts = {{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF},
                        {(byte) 0xC3, (byte) 0x28}, {(byte) 0xC0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                        {0x01}, {(byte) 0xFF}};
                bytes.writeBytes(inserts[random.nextInt(inserts.length)]);
                bytes.write(body, head.length, body.length - head.length);
                how = "bad bytes in a string";
            }
        }
        return new GeneratedRequest("/api/events/ingest", bytes.toByteArray(), "corrupted: " + how);
    }

    private boolean chance(int percent) {
        return random.nextInt(100) < percent;
    }

    private void shuffle(List<String> fields) {
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String swap = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, swap);
        }
    }

    private static String repeat(String unit, int times) {
        return unit.repeat(Math.max(0, times));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
