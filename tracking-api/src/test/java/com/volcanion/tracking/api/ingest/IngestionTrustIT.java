package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of ingestion under input and timing that broke it once: every 2xx is committed, every 503 stored
 * nothing, one client's bad event never fails its neighbours, and what is stored is exactly what was sent.
 */
@ApiIT
class IngestionTrustIT extends ApiTestSupport {

    private static final String[] OUT_OF_RANGE_TIMESTAMPS = {"0000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
            "1899-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"};

    @Autowired
    JdbcTemplate jdbc;

    private TestSystem system;

    @BeforeEach
    void givenASystem() {
        system = aSystem();
    }

    @Test
    void rejectsTimestampsOutsideTheStorableSpanAloneWhileNeighboursAreStored() {
        for (String timestamp : OUT_OF_RANGE_TIMESTAMPS) {
            var single = postWithKey("/api/events/ingest", system.apiKey(),
                    "{\"eventName\":\"A\",\"timestamp\":\"" + timestamp + "\"}");
            assertThat(single).as(timestamp).hasStatus(HttpStatus.BAD_REQUEST);
            assertThat(text(single)).contains("timestamp");

            var batch = postWithKey("/api/events/batch", system.apiKey(), "{\"events\":[{\"messageId\":\"ok-" + timestamp
                    + "\",\"eventName\":\"A\"},{\"eventName\":\"A\",\"timestamp\":\"" + timestamp + "\"},"
                    + "{\"eventName\":\"A\",\"sentAt\":\"" + timestamp + "\"}]}");
            assertThat(batch).as(timestamp).hasStatus(HttpStatus.OK);
            JsonNode results = body(batch).get("results");
            assertThat(results.get(0).get("status").asString()).isEqualTo("ACCEPTED");
            assertThat(results.get(1).get("status").asString()).isEqualTo("REJECTED");
            assertThat(results.get(1).get("validationErrors").get(0).get("path").asString()).isEqualTo("timestamp");
            assertThat(results.get(2).get("status").asString()).isEqualTo("REJECTED");
            assertThat(results.get(2).get("validationErrors").get(0).get("path").asString()).isEqualTo("sentAt");
        }
        assertThat(storedCount()).isEqualTo(OUT_OF_RANGE_TIMESTAMPS.length);
    }

    @Test
    void aClockSkewCorrectionBeyondTheSpanIsA400NotA500() {
        var answer = postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\","
                + "\"timestamp\":\"-999999999-01-01T00:00:00Z\",\"sentAt\":\"+999999999-12-31T23:59:59Z\"}");
        assertThat(answer).hasStatus(HttpStatus.BAD_REQUEST);

        var corrected = postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\","
                + "\"timestamp\":\"1900-01-01T00:00:00Z\",\"sentAt\":\"9999-12-31T23:59:59Z\"}");
        assertThat(corrected).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(text(corrected)).contains("clock skew");

        var resetClock = postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\","
                + "\"timestamp\":\"1970-01-01T00:00:00Z\",\"sentAt\":\"1970-01-01T00:00:05Z\"}");
        assertThat(resetClock).hasStatus(HttpStatus.ACCEPTED);   // a phone whose clock was reset: corrected to now
        assertThat(storedCount()).isEqualTo(1);
    }

    @Test
    void oneClientsBadEventsNeverTurnItsNeighboursRequestsInto503s() throws Exception {
        Map<Integer, AtomicInteger> goodAnswers = new ConcurrentHashMap<>();
        Map<Integer, AtomicInteger> badAnswers = new ConcurrentHashMap<>();
        AtomicInteger sequence = new AtomicInteger();
        long until = System.nanoTime() + 3_000_000_000L;
        try (ExecutorService clients = Executors.newFixedThreadPool(8)) {
            List<Future<?>> running = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                boolean bad = client < 2;
                running.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        String body = bad
                                ? "{\"eventName\":\"A\",\"timestamp\":\"+10000-01-01T00:00:00Z\"}"
                                : "{\"messageId\":\"good-" + sequence.incrementAndGet() + "\",\"eventName\":\"A\"}";
                        int status = post("/api/events/ingest", body).statusCode();
                        (bad ? badAnswers : goodAnswers).computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
        }
        System.out.printf("[figure] good clients: %s, bad clients: %s%n", new TreeMap<>(goodAnswers), new TreeMap<>(badAnswers));
        assertThat(goodAnswers.keySet()).containsOnly(202);
        assertThat(badAnswers.keySet()).containsOnly(400);
        assertThat(storedCount()).isEqualTo(goodAnswers.get(202).get());
    }

    /** PostgreSQL refusing data the service let through (here a trigger it does not know of) fails one event. */
    @Test
    void anEventTheDatabaseRefusesIsRejectedAloneAndItsGroupIsStored() throws Exception {
        jdbc.execute("""
                create function write.refuse_poison() returns trigger language plpgsql as $$
                begin
                    if new.event_name = 'Poison' then
                        raise exception 'poisoned event' using errcode = '22023';
                    end if;
                    return new;
                end $$""");
        jdbc.execute("create trigger refuse_poison before insert on write.tracking_events for each row "
                + "execute function write.refuse_poison()");
        try {
            Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
            try (ExecutorService clients = Executors.newFixedThreadPool(6)) {
                List<Future<HttpResponse<String>>> poison = new ArrayList<>();
                for (int round = 0; round < 30; round++) {
                    int r = round;
                    for (int client = 0; client < 5; client++) {
                        int c = client;
                        clients.submit(() -> answers.computeIfAbsent(post("/api/events/ingest",
                                "{\"messageId\":\"n-" + r + "-" + c + "\",\"eventName\":\"A\"}").statusCode(),
                                s -> new AtomicInteger()).incrementAndGet());
                    }
                    poison.add(clients.submit(() -> post("/api/events/batch", "{\"events\":[{\"messageId\":\"b-" + r
                            + "\",\"eventName\":\"B\"},{\"eventName\":\"Poison\"}]}")));
                }
                for (Future<HttpResponse<String>> batch : poison) {
                    HttpResponse<String> response = batch.get();
                    assertThat(response.statusCode()).isEqualTo(200);
                    JsonNode results = json.readTree(response.body()).get("results");
                    assertThat(results.get(0).get("status").asString()).isEqualTo("ACCEPTED");
                    assertThat(results.get(1).get("status").asString()).isEqualTo("REJECTED");
                    assertThat(results.get(1).get("validationErrors").get(0).get("message").asString())
                            .contains("22023", "poisoned event");
                }
            }
            assertThat(answers.keySet()).containsOnly(202);
            assertThat(storedCount()).isEqualTo(150 + 30);
            var single = post("/api/events/ingest", "{\"eventName\":\"Poison\"}");
            assertThat(single.statusCode()).isEqualTo(400);
        } finally {
            jdbc.execute("drop trigger refuse_poison on write.tracking_events");
            jdbc.execute("drop function write.refuse_poison()");
        }
    }

    @Test
    void refusesLoneSurrogatesInsteadOfStoringAnotherText() throws Exception {
        String[] events = {
                "{\"messageId\":\"sur-\\ud800\",\"eventName\":\"A\"}",
                "{\"messageId\":\"sur-\\udc00\",\"eventName\":\"A\"}",
                "{\"eventName\":\"A\",\"userId\":\"\\udfff\"}",
                "{\"eventName\":\"A\\ud83d\"}",
                "{\"eventName\":\"A\",\"properties\":{\"name\":\"x\\ud800y\"}}",
                "{\"eventName\":\"A\",\"properties\":{\"k\\udc00\":1}}",
                "{\"eventName\":\"A\",\"context\":{\"deep\":[1,{\"s\":\"\\ud800\"}]}}"};
        for (String event : events) {
            assertThat(post("/api/events/ingest", event).statusCode()).as(event).isEqualTo(400);
        }
        // the same, as raw (CESU-style) UTF-8 bytes of a surrogate instead of a JSON escape
        java.io.ByteArrayOutputStream cesu = new java.io.ByteArrayOutputStream();
        cesu.writeBytes("{\"eventName\":\"A\",\"userId\":\"x".getBytes(StandardCharsets.UTF_8));
        cesu.writeBytes(new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80});   // U+D800 encoded as if it were a character
        cesu.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(post("/api/events/ingest", cesu.toByteArray()).statusCode()).isEqualTo(400);
        assertThat(storedCount()).isZero();

        // a surrogate pair is one character (here an emoji): stored, and a repeat is a DUPLICATE of exactly it
        var first = post("/api/events/ingest", "{\"messageId\":\"pair-\\ud83d\\ude00\",\"eventName\":\"A\"}");
        var other = post("/api/events/ingest", "{\"messageId\":\"pair-\\ud83d\\ude01\",\"eventName\":\"A\"}");
        var repeat = post("/api/events/ingest", "{\"messageId\":\"pair-\\ud83d\\ude00\",\"eventName\":\"A\"}");
        assertThat(List.of(first.statusCode(), other.statusCode(), repeat.statusCode())).containsOnly(202);
        assertThat(json.readTree(other.body()).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(json.readTree(repeat.body()).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(json.readTree(repeat.body()).get("eventId").asString())
                .isEqualTo(json.readTree(first.body()).get("eventId").asString());
        assertThat(jdbc.queryForList("select message_id from write.tracking_events where partner_system_id = ?::uuid",
                String.class, system.systemId())).containsExactlyInAnyOrder("pair-\ud83d\ude00", "pair-\ud83d\ude01");
    }

    @Test
    void storesNumbersExactlyOrRefusesThem() throws Exception {
        var huge = post("/api/events/ingest", "{\"eventName\":\"A\",\"properties\":{\"big\":1e400,\"tiny\":1e-400,"
                + "\"negativeZero\":-0,\"long\":123456789012345678901234567890,\"scaled\":1.50E+3,\"pi\":3.14159}}");
        assertThat(huge.statusCode()).isEqualTo(202);
        JsonMapper exact = JsonMapper.builder().enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();
        JsonNode stored = exact.readTree(jdbc.queryForObject(
                "select properties::text from write.tracking_events where id = ?::uuid", String.class,
                json.readTree(huge.body()).get("eventId").asString()));
        assertThat(stored.get("big").isNumber()).isTrue();
        assertThat(stored.get("big").decimalValue()).isEqualByComparingTo(new BigDecimal("1e400"));
        assertThat(stored.get("tiny").decimalValue()).isEqualByComparingTo(new BigDecimal("1e-400"));
        assertThat(stored.get("negativeZero").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
        assertThat(stored.get("long").bigIntegerValue()).isEqualTo(new java.math.BigInteger("123456789012345678901234567890"));
        assertThat(stored.get("scaled").decimalValue()).isEqualByComparingTo(new BigDecimal("1500"));
        assertThat(stored.get("pi").decimalValue()).isEqualByComparingTo(new BigDecimal("3.14159"));

        for (String number : List.of("1e1000", "1e-999", "1e-16383", "1e-20000", "1e100000", "1e999999999",
                "-1e999999999", "1e-999999999", "1e99999999999999999999")) {
            var refused = post("/api/events/ingest", "{\"eventName\":\"A\",\"properties\":{\"n\":" + number + "}}");
            assertThat(refused.statusCode()).as(number).isEqualTo(400);
            assertThat(refused.headers().firstValue("Content-Type")).contains("application/problem+json");
        }
        assertThat(storedCount()).isEqualTo(1);
    }

    @Test
    void refusesBodiesThatCannotBeReadExactly() throws Exception {
        byte[] overlong = "{\"eventName\":\"A\",\"userId\":\"__\"}".getBytes(StandardCharsets.UTF_8);
        int at = new String(overlong, StandardCharsets.UTF_8).indexOf("__");
        overlong[at] = (byte) 0xC1;   // an overlong form of "A": a lenient decoder would store "A"
        overlong[at + 1] = (byte) 0x81;
        assertThat(post("/api/events/ingest", overlong).statusCode()).isEqualTo(400);
        assertThat(post("/api/events/ingest", "{\"eventName\":\"A\",\"properties\":{\"k\":1,\"k\":2}}").statusCode())
                .as("a key twice: jsonb would keep one of the two").isEqualTo(400);
        assertThat(post("/api/events/ingest", "\uFEFF{\"eventName\":\"A\",\"properties\":{\"zero\":0e1000}}")
                .statusCode()).as("a byte-order mark is skipped; 0e1000 is stored as 0").isEqualTo(202);
        assertThat(storedCount()).isEqualTo(1);
    }

    /** A partner's schema can be hostile too: the event is stored invalid, never lost and never a 500. */
    @Test
    void storesAnEventItsStructureCannotCheckAsInvalidAndComparesNumbersExactly() throws Exception {
        String partnerId = jdbc.queryForObject("select partner_id::text from write.partner_systems where id = ?::uuid",
                String.class, system.systemId());
        assertThat(putAsAdmin("/api/partners/" + partnerId + "/event-structures/Typed",
                "{\"schema\":{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\",\"pattern\":\"^(a|b)*$\"},"
                        + "\"total\":{\"type\":\"number\",\"maximum\":10}}}}")).hasStatus(HttpStatus.CREATED);

        var overflow = post("/api/events/ingest", "{\"eventName\":\"Typed\",\"properties\":{\"code\":\""
                + "ab".repeat(20_000) + "\"}}");
        var aboveMaximum = post("/api/events/ingest",
                "{\"eventName\":\"Typed\",\"properties\":{\"total\":10.000000000000000001}}");

        assertThat(overflow.statusCode()).isEqualTo(202);
        assertThat(json.readTree(overflow.body()).get("valid").asBoolean()).isFalse();
        assertThat(json.readTree(overflow.body()).get("validationErrors").get(0).get("message").asString())
                .contains("could not be checked");
        assertThat(aboveMaximum.statusCode()).isEqualTo(202);
        assertThat(json.readTree(aboveMaximum.body()).get("valid").asBoolean()).isFalse();
        assertThat(storedCount()).isEqualTo(2);
    }

    /**
     * docs/api.md: a 503 means "not stored". The table is locked longer than a request may wait: every request is
     * answered, and once the lock is gone exactly the acknowledged events are stored.
     */
    @Test
    void every503StoredNothingEvenWhenTheTableWasLockedLongerThanARequestWaits() throws Exception {
        var endpoints = TestServers.endpoints();
        Map<String, Integer> answers = new ConcurrentHashMap<>();
        try (Connection locker = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password());
             ExecutorService clients = Executors.newFixedThreadPool(8)) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("lock table write.tracking_events in share mode");
            }
            List<Future<?>> sent = new ArrayList<>();
            long until = System.nanoTime() + 4_000_000_000L;
            AtomicInteger sequence = new AtomicInteger();
            for (int client = 0; client < 8; client++) {
                sent.add(clients.submit(() -> {
                    while (System.nanoTime() < until) {
                        String messageId = "locked-" + sequence.incrementAndGet();
                        answers.put(messageId, post("/api/events/ingest",
                                "{\"messageId\":\"" + messageId + "\",\"eventName\":\"A\"}").statusCode());
                    }
                    return null;
                }));
            }
            Thread.sleep(4_000);
            locker.rollback();
            for (Future<?> client : sent) {
                client.get();
            }
        }
        Thread.sleep(500);
        List<String> stored = jdbc.queryForList(
                "select message_id from write.tracking_events where partner_system_id = ?::uuid", String.class, system.systemId());
        List<String> acknowledged = answers.entrySet().stream().filter(e -> e.getValue() == 202).map(Map.Entry::getKey).toList();
        List<String> unavailable = answers.entrySet().stream().filter(e -> e.getValue() == 503).map(Map.Entry::getKey).toList();
        System.out.printf("[figure] table locked 4 s: %d answers, %d × 202, %d × 503%n", answers.size(),
                acknowledged.size(), unavailable.size());
        assertThat(answers.values()).containsOnly(202, 503);
        assertThat(unavailable).isNotEmpty();
        assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    private long storedCount() {
        return jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body.getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, byte[] body) throws Exception {
        return postOverSocket(path, system.apiKey(), body);
    }
}
