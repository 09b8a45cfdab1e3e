package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.domain.event.EventIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The ingestion contract of docs/api.md, against the real PostgreSQL and Redis. */
@ApiIT
class IngestionApiIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    private TestSystem system;

    @BeforeEach
    void aSystemWithAStructureForOrders() {
        system = aSystem();
        assertThat(putAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Order Completed",
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\"],\"properties\":{\"total\":{\"type\":\"number\"}}}}"))
                .hasStatus(HttpStatus.CREATED);
    }

    @Test
    void acceptsAnEventAndAnswersAfterItIsStored() {
        var result = postWithKey("/api/events/ingest", system.apiKey(),
                "{\"messageId\":\"m-1\",\"eventName\":\"Order Completed\",\"userId\":\"u-42\",\"properties\":{\"total\":12.5},"
                        + "\"context\":{\"app\":{\"version\":\"1.2\"}}}");

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        var answer = body(result);
        assertThat(answer.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(answer.get("valid").asBoolean()).isTrue();
        assertThat(answer.get("messageId").asString()).isEqualTo("m-1");
        Map<String, Object> row = jdbc.queryForMap("select * from write.tracking_events where id = ?::uuid",
                answer.get("eventId").asString());
        assertThat(row.get("partner_system_id").toString()).isEqualTo(system.systemId());
        assertThat(row.get("user_id")).isEqualTo("u-42");
        assertThat(row.get("properties").toString()).contains("12.5");
        assertThat(row.get("context").toString()).contains("1.2");
        assertThat(row.get("correlation_id")).isEqualTo(result.getResponse().getHeader("X-Correlation-Id"));
        // time-ordered: a UUIDv7 of the millisecond the event was received
        UUID eventId = UUID.fromString(answer.get("eventId").asString());
        assertThat(eventId.version()).isEqualTo(7);
        assertThat(EventIds.timeOf(eventId)).isEqualTo(((Timestamp) row.get("received_at")).toInstant()
                .truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void storesAnInvalidEventWithItsErrorsAndTheSchemaVersion() {
        var result = postWithKey("/api/events/ingest", system.apiKey(),
                "{\"eventName\":\"Order Completed\",\"properties\":{\"total\":\"twelve\"}}");

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        var answer = body(result);
        assertThat(answer.get("valid").asBoolean()).isFalse();
        assertThat(answer.get("validationErrors").get(0).get("path").asString()).isEqualTo("/total");
        Map<String, Object> row = jdbc.queryForMap(
                "select valid, validation_errors::text as errors, schema_version from write.tracking_events where id = ?::uuid",
                answer.get("eventId").asString());
        assertThat(row.get("valid")).isEqualTo(false);
        assertThat(row.get("errors").toString()).contains("/total");
        assertThat(row.get("schema_version")).isEqualTo(1);
    }

    @Test
    void storesAnEventWithoutStructureAsValidAndGeneratesItsMessageId() {
        var answer = body(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"Page Viewed\"}"));

        assertThat(answer.get("valid").asBoolean()).isTrue();
        assertThat(UUID.fromString(answer.get("messageId").asString()).version()).isEqualTo(7);
    }

    @Test
    void answersDuplicateWithTheStoredEventId() {
        var first = body(postWithKey("/api/events/ingest", system.apiKey(), "{\"messageId\":\"dup\",\"eventName\":\"A\"}"));
        var second = body(postWithKey("/api/events/ingest", system.apiKey(), "{\"messageId\":\"dup\",\"eventName\":\"A\"}"));

        assertThat(second.get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(second.get("eventId")).isEqualTo(first.get("eventId"));
        assertThat(countEvents("dup")).isEqualTo(1);
    }

    @Test
    void answersABatchItemByItemInRequestOrder() {
        postWithKey("/api/events/ingest", system.apiKey(), "{\"messageId\":\"seen\",\"eventName\":\"A\"}");

        var result = postWithKey("/api/events/batch", system.apiKey(), """
                {"events":[
                  {"messageId":"b-1","eventName":"Order Completed","properties":{"total":1}},
                  {"messageId":"b-2","eventName":"Order Completed","properties":{}},
                  "not an event",
                  {"messageId":"b-3"},
                  {"messageId":"seen","eventName":"A"},
                  {"messageId":"b-1","eventName":"Order Completed","properties":{"total":1}}
                ]}""");

        assertThat(result).hasStatusOk();
        var answer = body(result);
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("invalid").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").asInt()).isEqualTo(2);
        assertThat(answer.get("duplicates").asInt()).isEqualTo(2);
        var results = answer.get("results");
        assertThat(results.get(0).get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(results.get(1).get("valid").asBoolean()).isFalse();
        assertThat(results.get(2).get("status").asString()).isEqualTo("REJECTED");
        assertThat(results.get(3).get("validationErrors").get(0).get("path").asString()).isEqualTo("eventName");
        assertThat(results.get(4).get("status").asString()).isEqualTo("DUPLICATE");
        assertThat(results.get(5).get("eventId")).isEqualTo(results.get(0).get("eventId"));
        for (int i = 0; i < 6; i++) {
            assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        }
        assertThat(countEvents("b-1")).isEqualTo(1);
        assertThat(countEvents("b-2")).isEqualTo(1);
    }

    @Test
    void correctsClockSkewAndKeepsTheClientsTimes() {
        // the client's clock is a day fast; it sent the event 5 s after it happened
        Instant clientNow = Instant.now().plusSeconds(86_400).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var answer = body(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\",\"timestamp\":\""
                + clientNow.minusSeconds(5) + "\",\"sentAt\":\"" + clientNow + "\"}"));

        Map<String, Object> row = jdbc.queryForMap(
                "select extract(epoch from received_at - event_timestamp) as skew, client_timestamp, sent_at "
                        + "from write.tracking_events where id = ?::uuid", answer.get("eventId").asString());
        assertThat(((Number) row.get("skew")).doubleValue()).isEqualTo(5.0);
        assertThat(((Timestamp) row.get("client_timestamp")).toInstant()).isEqualTo(clientNow.minusSeconds(5));
        assertThat(((Timestamp) row.get("sent_at")).toInstant()).isEqualTo(clientNow);
    }

    @Test
    void takesTheKeyFromBasicAuthorizationToo() {
        var result = mvc.post().uri("/api/events/ingest").header("Authorization", basic(system.apiKey()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"eventName\":\"A\"}").exchange();

        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
    }

    @Test
    void answersUnknownRevokedAndInactiveKeysWithOneIdentical401() {
        var other = createSystem(createPartner());
        String inactiveSystemKey = other.get("apiKey").asString();
        patchAsAdmin("/api/systems/" + other.get("id").asString(), "{\"active\":false}");
        String revoked = system.apiKey();
        apiKeyAfterRotation(0);

        var unknown = postWithKey("/api/events/ingest", "vt_" + "A".repeat(38), "{\"eventName\":\"A\"}");
        var malformed = postWithKey("/api/events/ingest", "nonsense", "{\"eventName\":\"A\"}");
        var missing = mvc.post().uri("/api/events/ingest").contentType(MediaType.APPLICATION_JSON)
                .content("{\"eventName\":\"A\"}").exchange();
        var revokedAnswer = postWithKey("/api/events/ingest", revoked, "{\"eventName\":\"A\"}");
        var inactive = postWithKey("/api/events/ingest", inactiveSystemKey, "{\"eventName\":\"A\"}");
        var admin = mvc.post().uri("/api/events/ingest").header("Authorization", "Bearer " + ADMIN_TOKEN)
                .contentType(MediaType.APPLICATION_JSON).content("{\"eventName\":\"A\"}").exchange();

        var expected = withoutCorrelationId(unknown);
        for (var result : java.util.List.of(unknown, malformed, missing, revokedAnswer, inactive, admin)) {
            assertThat(result).hasStatus(HttpStatus.UNAUTHORIZED).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(withoutCorrelationId(result)).isEqualTo(expected);
        }
    }

    @Test
    void refusesAKeyAtOnceWhenItsPartnerIsDeactivatedAndTakesItBackWhenReactivated() {
        assertThat(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);

        patchAsAdmin("/api/partners/" + system.partnerId(), "{\"active\":false}");
        assertThat(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.UNAUTHORIZED);

        patchAsAdmin("/api/partners/" + system.partnerId(), "{\"active\":true}");
        assertThat(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);
    }

    @Test
    void keepsARotatedKeyWorkingDuringItsGracePeriod() {
        String oldKey = system.apiKey();
        assertThat(postWithKey("/api/events/ingest", oldKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);

        String newKey = apiKeyAfterRotation(3600);

        assertThat(postWithKey("/api/events/ingest", oldKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);
        assertThat(postWithKey("/api/events/ingest", newKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.ACCEPTED);
        apiKeyAfterRotation(0);
        assertThat(postWithKey("/api/events/ingest", oldKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(postWithKey("/api/events/ingest", newKey, "{\"eventName\":\"A\"}")).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void validatesWithTheNewSchemaAsSoonAsTheStructureChanges() {
        var before = body(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"Order Completed\",\"properties\":{}}"));
        putAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Order Completed", "{\"schema\":{\"type\":\"object\"}}");

        var after = body(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"Order Completed\",\"properties\":{}}"));

        assertThat(before.get("valid").asBoolean()).isFalse();
        assertThat(after.get("valid").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("select schema_version from write.tracking_events where id = ?::uuid",
                Integer.class, after.get("eventId").asString())).isEqualTo(2);
    }

    @Test
    void refusesBadInputWithAClear4xxAndStoresNothing() {
        long before = eventsOfThisSystem();

        assertIngestStatus("{\"eventName\":", HttpStatus.BAD_REQUEST);
        assertIngestStatus("[]", HttpStatus.BAD_REQUEST);
        assertIngestStatus("{}", HttpStatus.BAD_REQUEST);
        assertIngestStatus("{\"eventName\":\"" + "x".repeat(201) + "\"}", HttpStatus.BAD_REQUEST);
        assertIngestStatus("{\"eventName\":\"A\",\"timestamp\":\"yesterday\"}", HttpStatus.BAD_REQUEST);
        assertIngestStatus("{\"eventName\":\"A\",\"properties\":[1,2]}", HttpStatus.BAD_REQUEST);
        assertIngestStatus("{\"eventName\":\"A\",\"properties\":{\"note\":\"a\\u0000b\"}}", HttpStatus.BAD_REQUEST);
        assertIngestStatus("{\"eventName\":\"A\",\"properties\":" + "{\"a\":".repeat(40) + "1" + "}".repeat(40) + "}",
                HttpStatus.BAD_REQUEST);
        assertIngestStatus("{\"eventName\":\"A\",\"properties\":{\"x\":\"" + "a".repeat(70_000) + "\"}}",
                HttpStatus.CONTENT_TOO_LARGE);
        assertIngestStatus("{\"eventName\":\"A\"} trailing", HttpStatus.BAD_REQUEST);
        var invalidUtf8 = mvc.post().uri("/api/events/ingest").header("X-Api-Key", system.apiKey())
                .contentType(MediaType.APPLICATION_JSON)
                .content(new byte[]{'{', '"', 'e', 'v', 'e', 'n', 't', 'N', 'a', 'm', 'e', '"', ':', '"', (byte) 0xff, '"', '}'})
                .exchange();
        assertThat(invalidUtf8).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        var wrongType = mvc.post().uri("/api/events/ingest").header("X-Api-Key", system.apiKey())
                .contentType(MediaType.TEXT_PLAIN).content("{\"eventName\":\"A\"}").exchange();
        assertThat(wrongType).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE);

        assertThat(eventsOfThisSystem()).isEqualTo(before);
    }

    /** A body without Content-Length (chunked) is read up to the limit, and refused beyond it, over a real socket. */
    @Test
    void readsAChunkedBodyWithinTheLimitAndRefusesOneBeyondIt() {
        String event = "{\"eventName\":\"Chunked\",\"properties\":{\"x\":\"" + "a".repeat(60_000) + "\"}}";
        String tooLarge = "{\"eventName\":\"Chunked\",\"properties\":{\"x\":\"" + "a".repeat(66_000) + "\"}}";

        assertThat(postChunked(event).statusCode()).isEqualTo(HttpStatus.ACCEPTED.value());
        assertThat(postChunked(tooLarge).statusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE.value());
        assertThat(eventsOfThisSystem()).isEqualTo(1);
    }

    private HttpResponse<String> postChunked(String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(uri("/api/events/ingest")).header("X-Api-Key", system.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))));
    }

    @Test
    void refusesBatchesBeyondTheLimits() {
        String thousandAndOne = "{\"events\":[" + "{\"eventName\":\"A\"},".repeat(1000) + "{\"eventName\":\"A\"}]}";
        String overTwoMiB = "{\"events\":[{\"eventName\":\"A\",\"properties\":{\"x\":\"" + "a".repeat(2 * 1024 * 1024) + "\"}}]}";

        assertThat(postWithKey("/api/events/batch", system.apiKey(), thousandAndOne)).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(postWithKey("/api/events/batch", system.apiKey(), overTwoMiB)).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
        assertThat(postWithKey("/api/events/batch", system.apiKey(), "{\"events\":{}}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(postWithKey("/api/events/batch", system.apiKey(), "{\"sentAt\":\"soon\",\"events\":[]}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(eventsOfThisSystem()).isZero();
    }

    @Test
    void rejectsAnOversizedEventInsideABatchAndStoresTheOthers() {
        var answer = body(postWithKey("/api/events/batch", system.apiKey(), "{\"events\":[{\"eventName\":\"A\",\"properties\":{\"x\":\""
                + "a".repeat(70_000) + "\"}},{\"eventName\":\"B\"}]}"));

        assertThat(answer.get("results").get(0).get("status").asString()).isEqualTo("REJECTED");
        assertThat(answer.get("results").get(1).get("status").asString()).isEqualTo("ACCEPTED");
    }

    @Test
    void letsABrowserSendFromAnAllowedOriginOnly() {
        var preflight = mvc.options().uri("/api/events/batch").header("Origin", "https://shop.acme.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "x-api-key,content-type").exchange();
        var allowed = mvc.post().uri("/api/events/ingest").header("X-Api-Key", system.apiKey())
                .header("Origin", "https://shop.acme.example")
                .contentType(MediaType.APPLICATION_JSON).content("{\"eventName\":\"A\"}").exchange();
        var other = mvc.post().uri("/api/events/ingest").header("X-Api-Key", system.apiKey())
                .header("Origin", "https://evil.example")
                .contentType(MediaType.APPLICATION_JSON).content("{\"eventName\":\"A\"}").exchange();

        assertThat(preflight).hasStatusOk();
        assertThat(preflight.getResponse().getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.acme.example");
        assertThat(preflight.getResponse().getHeader("Access-Control-Allow-Headers")).containsIgnoringCase("x-api-key");
        assertThat(allowed).hasStatus(HttpStatus.ACCEPTED);
        assertThat(allowed.getResponse().getHeader("Access-Control-Allow-Origin")).isEqualTo("https://shop.acme.example");
        assertThat(other).hasStatus(HttpStatus.FORBIDDEN).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(eventsOfThisSystem()).isEqualTo(1);
    }

    private tools.jackson.databind.node.ObjectNode withoutCorrelationId(
            org.springframework.test.web.servlet.assertj.MvcTestResult result) {
        var problem = (tools.jackson.databind.node.ObjectNode) body(result);
        problem.remove("correlationId");
        return problem;
    }

    private void assertIngestStatus(String body, HttpStatus status) {
        var result = postWithKey("/api/events/ingest", system.apiKey(), body);
        assertThat(result).as(body.length() > 80 ? body.substring(0, 80) : body)
                .hasStatus(status).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private String apiKeyAfterRotation(int graceSeconds) {
        var rotated = postAsAdmin("/api/systems/" + system.systemId() + "/api-key/rotate",
                "{\"gracePeriodSeconds\":" + graceSeconds + "}");
        assertThat(rotated).hasStatusOk();
        return body(rotated).get("apiKey").asString();
    }

    private long countEvents(String messageId) {
        return jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid "
                + "and message_id = ?", Long.class, system.systemId(), messageId);
    }

    private long eventsOfThisSystem() {
        return jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId());
    }

    @SuppressWarnings("unused")
    private static String anyId() {
        return UUID.randomUUID().toString();
    }
}
