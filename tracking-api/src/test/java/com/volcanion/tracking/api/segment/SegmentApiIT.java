package com.volcanion.tracking.api.segment;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Segment tracking API over real sockets: paths, credentials, bodies, mapping, identity, bad input. */
@ApiIT
class SegmentApiIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TrackingEventProjector projector;

    private TestSystem system;

    @BeforeEach
    void aWebsite() {
        system = aSystem();
    }

    @Test
    void storesEachKindOfCallUnderItsNameWithTheContractsProperties() {
        String batch = """
                {"batch":[
                  {"type":"track","event":"Order Completed","userId":"u-1","properties":{"total":12.5},"messageId":"m-t"},
                  {"type":"page","name":"Home","category":"Docs","anonymousId":"a-1","properties":{"path":"/"},"messageId":"m-p"},
                  {"type":"screen","name":"Cart","userId":"u-1","messageId":"m-s"},
                  {"type":"identify","userId":"u-1","anonymousId":"a-1","traits":{"plan":"pro"},"messageId":"m-i"},
                  {"type":"group","userId":"u-1","groupId":42,"traits":{"name":"Acme"},"messageId":"m-g"},
                  {"type":"alias","userId":"u-1","previousId":"old-1","messageId":"m-a"}
                ],"context":{"library":{"name":"test"},"app":{"version":"1"}},"sentAt":"2026-11-24T10:00:02Z"}
                """;

        HttpResponse<String> answer = post("/v1/batch", basic(system.apiKey()), "application/json", bytes(batch), false);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).get("success").asBoolean()).isTrue();
        assertThat(stored("m-t")).isEqualTo("TRACK|Order Completed|{\"total\": 12.5}");
        assertThat(stored("m-p")).isEqualTo("PAGE|$page|{\"name\": \"Home\", \"path\": \"/\", \"category\": \"Docs\"}");
        assertThat(stored("m-s")).isEqualTo("SCREEN|$screen|{\"name\": \"Cart\"}");
        assertThat(stored("m-i")).isEqualTo("IDENTIFY|$identify|{\"plan\": \"pro\"}");
        assertThat(stored("m-g")).isEqualTo("GROUP|$group|{\"name\": \"Acme\", \"groupId\": \"42\"}");
        assertThat(stored("m-a")).isEqualTo("ALIAS|$alias|{\"previousId\": \"old-1\"}");
        assertThat(jdbc.queryForObject("select context::text from write.tracking_events where message_id = 'm-t' "
                + "and partner_system_id = ?::uuid", String.class, system.systemId()))
                .isEqualTo("{\"app\": {\"version\": \"1\"}, \"library\": {\"name\": \"test\"}}");
    }

    @Test
    void acceptsEveryPathAndCredentialTheSdksUse() {
        String call = "{\"userId\":\"u-2\",\"event\":\"Clicked\",\"messageId\":\"%s\"%s}";
        for (String path : new String[]{"/v1/track", "/v1/t", "/v1/track/"}) {
            String id = UUID.randomUUID().toString();
            assertThat(post(path, basic(system.apiKey()), "text/plain", bytes(call.formatted(id, "")), false)
                    .statusCode()).as(path).isEqualTo(200);
        }
        String inBody = call.formatted("m-body", ",\"writeKey\":\"" + system.apiKey() + "\"");
        assertThat(post("/v1/t", null, "text/plain", bytes(inBody), false).statusCode()).isEqualTo(200);
        assertThat(post("/v1/import/", basic(system.apiKey()), "application/json",
                bytes("{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}]}"), true).statusCode())
                .isEqualTo(200);
        assertThat(count()).isEqualTo(5);
    }

    @Test
    void answersEveryOneCallPathAndBatchPathWithAndWithoutATrailingSlash() {
        java.util.Map<String, String> calls = java.util.Map.of(
                "track", "\"event\":\"E\"", "page", "\"name\":\"Home\"", "screen", "\"name\":\"Cart\"",
                "identify", "\"traits\":{\"plan\":\"pro\"}", "group", "\"groupId\":\"g-1\"",
                "alias", "\"previousId\":\"old\"");
        int sent = 0;
        for (var call : calls.entrySet()) {
            for (String path : new String[]{call.getKey(), call.getKey().substring(0, 1)}) {
                for (String slash : new String[]{"", "/"}) {
                    String body = "{\"userId\":\"u-paths\"," + call.getValue() + "}";
                    assertThat(post("/v1/" + path + slash, basic(system.apiKey()), "text/plain", bytes(body), false)
                            .statusCode()).as(path + slash).isEqualTo(200);
                    sent++;
                }
            }
        }
        for (String path : new String[]{"batch", "import", "b"}) {
            for (String slash : new String[]{"", "/"}) {
                assertThat(post("/v1/" + path + slash, basic(system.apiKey()), "application/json",
                        bytes("{\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}]}"), false)
                        .statusCode()).as(path + slash).isEqualTo(200);
                sent++;
            }
        }
        assertThat(count()).isEqualTo(sent);
        assertThat(jdbc.queryForList("select distinct type from write.tracking_events where partner_system_id = ?::uuid "
                + "order by 1", String.class, system.systemId()))
                .containsExactly("ALIAS", "GROUP", "IDENTIFY", "PAGE", "SCREEN", "TRACK");
    }

    @Test
    void correctsTheClockSkewFromOriginalTimestampAndSentAtAndDedupsByMessageId() {
        String call = "{\"type\":\"track\",\"event\":\"Skewed\",\"userId\":\"u-3\",\"messageId\":\"m-skew\","
                + "\"originalTimestamp\":\"2020-01-01T00:00:00Z\",\"sentAt\":\"2020-01-01T00:00:10Z\"}";
        assertThat(post("/v1/batch", basic(system.apiKey()), "application/json", bytes("{\"batch\":[" + call + "]}"),
                false).statusCode()).isEqualTo(200);
        assertThat(post("/v1/batch", basic(system.apiKey()), "application/json", bytes("{\"batch\":[" + call + "]}"),
                false).statusCode()).isEqualTo(200);

        assertThat(count()).isEqualTo(1);
        Long skew = jdbc.queryForObject("select extract(epoch from received_at - event_timestamp)::bigint "
                + "from write.tracking_events where partner_system_id = ?::uuid", Long.class, system.systemId());
        assertThat(skew).isEqualTo(10);
        assertThat(jdbc.queryForObject("select client_timestamp::text from write.tracking_events "
                + "where partner_system_id = ?::uuid", String.class, system.systemId())).startsWith("2020-01-01");
    }

    @Test
    void identifyAndAliasKeepAProfileAndTheIdentityMapThatTheQueryApiShows() {
        String batch = """
                {"batch":[
                  {"type":"identify","userId":"ada","anonymousId":"anon-1","traits":{"plan":"free","email":"a@x"},"timestamp":"2026-11-24T10:00:00Z"},
                  {"type":"identify","userId":"ada","traits":{"plan":"pro"},"timestamp":"2026-11-24T11:00:00Z"},
                  {"type":"alias","userId":"ada","previousId":"anon-2","timestamp":"2026-11-24T12:00:00Z"}
                ]}""";
        assertThat(post("/v1/batch", basic(system.apiKey()), "application/json", bytes(batch), false).statusCode())
                .isEqualTo(200);
        // an older identify arriving later does not override the newer plan, but adds its new trait
        assertThat(post("/v1/identify", basic(system.apiKey()), "application/json",
                bytes("{\"userId\":\"ada\",\"traits\":{\"plan\":\"trial\",\"name\":\"Ada\"},\"timestamp\":\"2026-11-23T09:00:00Z\"}"),
                false).statusCode()).isEqualTo(200);
        projector.projectAvailable();

        var user = getAsAdmin("/api/partners/{partner}/users/{user}", system.partnerId(), "ada");
        assertThat(user).hasStatusOk();
        JsonNode profile = body(user);
        assertThat(profile.get("traits").get("plan").asString()).isEqualTo("pro");
        assertThat(profile.get("traits").get("email").asString()).isEqualTo("a@x");
        assertThat(profile.get("traits").get("name").asString()).isEqualTo("Ada");
        assertThat(profile.get("anonymousIds").toString()).isEqualTo("[\"anon-1\",\"anon-2\"]");
        assertThat(profile.get("firstSeen").asString()).isEqualTo("2026-11-23T09:00:00Z");
        assertThat(profile.get("lastSeen").asString()).isEqualTo("2026-11-24T12:00:00Z");
        assertThat(jdbc.queryForList("select anonymous_id from read.identity_links where partner_id = ?::uuid "
                + "and user_id = 'ada' order by 1", String.class, system.partnerId())).containsExactly("anon-1", "anon-2");
        assertThat(getAsAdmin("/api/partners/{partner}/users/{user}", system.partnerId(), "nobody"))
                .hasStatus(HttpStatus.NOT_FOUND);

        var identifies = body(getAsAdmin("/api/events/partner/{partner}?type=IDENTIFY", system.partnerId()));
        assertThat(identifies.get("items")).hasSize(3);
        assertThat(identifies.get("items").get(0).get("type").asString()).isEqualTo("IDENTIFY");
        assertThat(identifies.get("items").get(0).get("messageId").asString()).isNotBlank();
    }

    @Test
    void refusesBadInputAsVersionOneAndLosesNothing() {
        assertThat(post("/v1/batch", basic(system.apiKey()), "application/json", bytes("{\"batch\":["), false)
                .statusCode()).isEqualTo(400);
        assertThat(post("/v1/batch", basic("vt_unknown"), "application/json", bytes("{\"batch\":[]}"), false)
                .statusCode()).isEqualTo(401);
        assertThat(post("/v1/track", null, "text/plain", bytes("{\"event\":\"E\",\"userId\":\"u\"}"), false)
                .statusCode()).isEqualTo(401);

        HttpResponse<String> mixed = post("/v1/batch", basic(system.apiKey()), "application/json", bytes("""
                {"batch":[{"type":"track","event":"Kept","userId":"u"},{"type":"track","userId":"u"},
                          {"type":"unknown","userId":"u"},{"type":"alias","userId":"u"},{"type":"track","event":"E"},
                          {"type":"identify","userId":{"id":1}}]}"""), false);
        assertThat(mixed.statusCode()).isEqualTo(200);
        assertThat(json.readTree(mixed.body()).get("rejected").asInt()).isEqualTo(5);
        assertThat(post("/v1/track", basic(system.apiKey()), "application/json", bytes("{\"userId\":\"u\"}"), false)
                .statusCode()).isEqualTo(400);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void inflatesGzipWithinTheLimitAndRefusesABombAtTheLimitWithoutInflatingItWhole() {
        String big = "{\"batch\":[{\"type\":\"track\",\"event\":\"Zipped\",\"userId\":\"u\",\"properties\":{\"x\":\""
                + "a".repeat(50_000) + "\"}}]}";
        assertThat(post("/v1/batch", basic(system.apiKey()), "application/json", bytes(big), true).statusCode())
                .isEqualTo(200);

        byte[] bomb = gzip(new byte[512 * 1024 * 1024]);   // 512 MiB of zeros in about 500 KiB
        HttpResponse<String> refused = postEncoded("/v1/batch", basic(system.apiKey()), "application/json", bomb, "gzip");
        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(postEncoded("/v1/batch", basic(system.apiKey()), "application/json", bytes("not gzip"), "gzip")
                .statusCode()).isEqualTo(400);
        assertThat(count()).isEqualTo(1);
    }

    @Test
    void storesANumericIdAsItsShortestPlainTextAndCountsCodePoints() {
        String calls = "{\"batch\":[" + String.join(",",
                "{\"type\":\"track\",\"event\":\"N\",\"userId\":42,\"messageId\":\"n-1\"}",
                "{\"type\":\"track\",\"event\":\"N\",\"userId\":42.0,\"messageId\":\"n-2\"}",
                "{\"type\":\"track\",\"event\":\"N\",\"userId\":4.2e1,\"messageId\":\"n-3\"}",
                "{\"type\":\"track\",\"event\":\"N\",\"userId\":1e999999999,\"messageId\":\"n-4\"}",
                "{\"type\":\"track\",\"event\":\"N\",\"userId\":\"" + "\uD83D\uDE00".repeat(200) + "\",\"messageId\":\"n-5\"}",
                "{\"type\":\"track\",\"event\":\"N\",\"userId\":\"" + "\uD83D\uDE00".repeat(201) + "\",\"messageId\":\"n-6\"}") + "]}";

        HttpResponse<String> answer = post("/v1/batch", basic(system.apiKey()), "application/json", bytes(calls), false);

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json.readTree(answer.body()).get("rejected").asInt()).isEqualTo(2);
        assertThat(jdbc.queryForList("select message_id || ' ' || char_length(user_id) || ' ' || left(user_id, 2) "
                + "from write.tracking_events where partner_system_id = ?::uuid order by 1", String.class, system.systemId()))
                .containsExactly("n-1 2 42", "n-2 2 42", "n-3 2 42", "n-5 200 \uD83D\uDE00\uD83D\uDE00");
    }

    @Test
    void refusesABatchContextThatAloneIsLargerThanAnEvent() {
        String context = "{\"big\":\"" + "x".repeat(64 * 1024) + "\"}";
        HttpResponse<String> refused = post("/v1/batch", basic(system.apiKey()), "application/json",
                bytes("{\"context\":" + context + ",\"batch\":[{\"type\":\"track\",\"event\":\"E\",\"userId\":\"u\"}]}"),
                false);

        assertThat(refused.statusCode()).isEqualTo(413);
        assertThat(refused.body()).contains("context");
        assertThat(count()).isZero();
    }

    @Test
    void servesAnalyticsJsItsSettings() {
        HttpResponse<String> settings = send(HttpRequest.newBuilder(uri("/v1/projects/" + system.apiKey() + "/settings")));

        assertThat(settings.statusCode()).isEqualTo(200);
        JsonNode segment = json.readTree(settings.body()).get("integrations").get("Segment.io");
        assertThat(segment.get("apiKey").asString()).isEqualTo(system.apiKey());
        assertThat(segment.get("apiHost").asString()).isEqualTo("localhost:" + port + "/v1");
        assertThat(segment.get("protocol").asString()).isEqualTo("http");
        assertThat(json.readTree(settings.body()).get("metrics").get("sampleRate").asInt()).isZero();
        assertThat(send(HttpRequest.newBuilder(uri("/v1/projects/" + system.apiKey() + "/settings/"))).statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(uri("/v1/projects/vt_nope/settings"))).statusCode()).isEqualTo(404);
    }

    @Test
    void letsABrowserRetryWithTheHeadersItsSdkAddsFromAnyOrigin() {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(uri("/v1/t"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.acme.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,x-retry-count"));

        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).hasValue("https://shop.acme.example");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow().toLowerCase())
                .contains("x-retry-count", "authorization", "content-type");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();
    }

    private String stored(String messageId) {
        return jdbc.queryForObject("select type || '|' || event_name || '|' || properties::text from write.tracking_events "
                + "where message_id = ? and partner_system_id = ?::uuid", String.class, messageId, system.systemId());
    }

    private long count() {
        return jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid",
                Long.class, system.systemId());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<String> post(String path, String authorization, String contentType, byte[] body,
                                      boolean gzipIt) {
        return postEncoded(path, authorization, contentType, gzipIt ? gzip(body) : body, gzipIt ? "gzip" : null);
    }

    private HttpResponse<String> postEncoded(String path, String authorization, String contentType, byte[] body,
                                             String encoding) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (encoding != null) {
            request.header("Content-Encoding", encoding);
        }
        return send(request);
    }
}
