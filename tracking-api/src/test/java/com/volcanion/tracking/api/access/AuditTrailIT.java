package com.volcanion.tracking.api.access;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Every change through the management API leaves one record with its actor, and nothing of a credential. */
@ApiIT
class AuditTrailIT extends ApiTestSupport {

    @Test
    void everyChangeIsRecordedWithItsActorAndNoCredential() {
        MvcTestResult registered = postAsAdmin("/api/partners", "{\"name\":\"Acme\",\"email\":\"" + uniqueEmail() + "\"}");
        String partnerId = body(registered).get("id").asString();
        JsonNode token = body(postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":\"Jane\"}"));
        String bearer = "Bearer " + token.get("token").asString();
        String tokenActor = "token:" + token.get("id").asString();

        JsonNode system = body(send("POST", "/api/partners/" + partnerId + "/systems", bearer,
                "{\"name\":\"Web\",\"type\":\"WEBSITE\",\"allowedOrigins\":[\"https://acme.example\"]}"));
        String systemId = system.get("id").asString();
        send("PATCH", "/api/systems/" + systemId, bearer, "{\"name\":\"Web (EU)\",\"allowedOrigins\":[]}");
        send("PATCH", "/api/systems/" + systemId, bearer, "{\"name\":\"Web (EU)\"}");   // no change, no record
        JsonNode rotated = body(postAsAdmin("/api/systems/" + systemId + "/api-key/rotate", "{\"gracePeriodSeconds\":60}"));
        send("PUT", "/api/partners/" + partnerId + "/event-structures/Signup", bearer, "{\"schema\":{\"type\":\"object\"}}");
        send("PUT", "/api/partners/" + partnerId + "/event-structures/Signup", bearer, "{\"schema\":{\"type\":\"object\"}}");
        send("DELETE", "/api/partners/" + partnerId + "/event-structures/Signup", bearer, null);
        send("PATCH", "/api/partners/" + partnerId, bearer, "{\"name\":\"Acme Corp\"}");
        assertThat(patchAsAdmin("/api/partners/" + partnerId, "{\"active\":false}")).hasStatusOk();
        JsonNode spare = body(postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":\"Spare\"}"));
        assertThat(deleteAsAdmin("/api/partners/{p}/tokens/{t}", partnerId, spare.get("id").asString()))
                .hasStatus(HttpStatus.NO_CONTENT);

        List<JsonNode> trail = trail(partnerId, bearer, 1000);
        List<String> lines = trail.reversed().stream()
                .map(item -> item.get("actor").asString().replace(tokenActor, "token") + " "
                        + item.get("action").asString() + " " + item.get("target").asString()
                        .replace(partnerId, "P").replace(systemId, "S").replace(token.get("id").asString(), "T")
                        .replace(spare.get("id").asString(), "T2"))
                .toList();
        assertThat(lines).containsExactly(
                "operator partner.registered partner:P",
                "operator token.issued token:T",
                "token system.registered system:S",
                "token system.renamed system:S",
                "token system.origins-changed system:S",
                "operator system.api-key-rotated system:S",
                "token event-structure.defined event-structure:Signup",
                "token event-structure.removed event-structure:Signup",
                "token partner.renamed partner:P",
                "operator partner.deactivated partner:P",
                "operator token.issued token:T2",
                "operator token.revoked token:T2");
        assertThat(trail.reversed().get(2).get("details").toString())
                .contains("\"type\":\"WEBSITE\"", "\"apiKeyPrefix\":\"" + system.get("apiKeyPrefix").asString() + "\"");
        assertThat(trail.reversed().get(5).get("details").get("apiKeyPrefix").asString())
                .isEqualTo(rotated.get("apiKeyPrefix").asString());
        String everything = trail.toString();
        for (String secret : List.of(token.get("token").asString(), spare.get("token").asString(),
                system.get("apiKey").asString(), rotated.get("apiKey").asString(), ADMIN_TOKEN)) {
            assertThat(everything).doesNotContain(secret).doesNotContain(secret.substring(secret.length() - 20));
        }
    }

    /** A change that is refused (a conflict, an operator-only field, a bad body) leaves no record: same transaction. */
    @Test
    void aRefusedChangeLeavesNoRecord() {
        String taken = uniqueEmail();
        assertThat(postAsAdmin("/api/partners", "{\"name\":\"First\",\"email\":\"" + taken + "\"}"))
                .hasStatus(HttpStatus.CREATED);
        String partnerId = createPartner();
        String bearer = "Bearer " + body(postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":\"x\"}"))
                .get("token").asString();
        int before = trail(partnerId, bearer, 1000).size();

        assertThat(patchAsAdmin("/api/partners/" + partnerId, "{\"name\":\"Renamed\",\"email\":\"" + taken + "\"}"))
                .hasStatus(HttpStatus.CONFLICT);
        assertThat(exchange("PATCH", "/api/partners/" + partnerId, bearer, "{\"name\":\"Again\",\"active\":false}"))
                .hasStatus(HttpStatus.FORBIDDEN);
        assertThat(exchange("PUT", "/api/partners/" + partnerId + "/event-structures/Bad", bearer,
                "{\"schema\":{\"type\":\"no such type\"}}")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(postAsAdmin("/api/partners", "{\"name\":\"Second\",\"email\":\"" + taken + "\"}"))
                .hasStatus(HttpStatus.CONFLICT);

        assertThat(trail(partnerId, bearer, 1000)).hasSize(before);
        assertThat(body(getAsAdmin("/api/partners/{p}", partnerId)).get("name").asString()).isEqualTo("Acme");
    }

    /** Pages of any size (seeded) walk the whole trail once, newest first; from and to cut it by time. */
    @Test
    void pagesWalkTheTrailOnceAndTimeBoundsCutIt() {
        String partnerId = createPartner();
        JsonNode system = createSystem(partnerId);
        for (int i = 0; i < 30; i++) {
            assertThat(patchAsAdmin("/api/systems/" + system.get("id").asString(), "{\"name\":\"Web " + i + "\"}"))
                    .hasStatusOk();
        }
        String admin = "Bearer " + ADMIN_TOKEN;
        List<JsonNode> whole = trail(partnerId, admin, 1000);
        assertThat(whole).hasSize(32);
        Random random = new Random(7);
        for (int run = 0; run < 5; run++) {
            assertThat(trail(partnerId, admin, 1 + random.nextInt(12))).isEqualTo(whole);
        }
        for (int i = 1; i < whole.size(); i++) {
            assertThat(Instant.parse(whole.get(i - 1).get("at").asString()))
                    .isAfterOrEqualTo(Instant.parse(whole.get(i).get("at").asString()));
        }
        Instant cut = Instant.parse(whole.get(10).get("at").asString());
        List<JsonNode> before = items("/api/partners/" + partnerId + "/audit?limit=1000&to=" + cut, admin);
        List<JsonNode> after = items("/api/partners/" + partnerId + "/audit?limit=1000&from=" + cut, admin);
        assertThat(before).allMatch(item -> Instant.parse(item.get("at").asString()).isBefore(cut));
        assertThat(after).allMatch(item -> !Instant.parse(item.get("at").asString()).isBefore(cut));
        assertThat(before.size() + after.size()).isEqualTo(whole.size());

        // crafted cursors: a time PostgreSQL cannot hold (a 500 once), the events' cursor, an id beyond a long
        String beyondTime = base64Url("a1:-300000000000000000:1");
        String eventsCursor = base64Url("v1:0:1");
        String beyondId = base64Url("a1:0:9223372036854775808");
        for (String query : List.of("limit=0", "limit=1001", "cursor=nonsense", "cursor=" + beyondTime,
                "cursor=" + eventsCursor, "cursor=" + beyondId, "from=" + cut + "&to=" + cut, "from=yesterday")) {
            assertThat(exchange("GET", "/api/partners/" + partnerId + "/audit?" + query, admin, null))
                    .as(query).hasStatus(HttpStatus.BAD_REQUEST);
        }
        assertThat(exchange("GET", "/api/partners/" + UUID.randomUUID() + "/audit", admin, null))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    private List<JsonNode> trail(String partnerId, String authorization, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/partners/" + partnerId + "/audit?limit=" + pageSize + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = body(exchange("GET", path, authorization, null));
            page.get("items").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        return all;
    }

    private static String base64Url(String plain) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    private List<JsonNode> items(String path, String authorization) {
        List<JsonNode> items = new ArrayList<>();
        body(exchange("GET", path, authorization, null)).get("items").forEach(items::add);
        return items;
    }

    private MvcTestResult send(String method, String path, String authorization, String body) {
        MvcTestResult result = exchange(method, path, authorization, body);
        assertThat(result.getResponse().getStatus()).as(method + " " + path).isBetween(200, 299);
        return result;
    }

    private MvcTestResult exchange(String method, String path, String authorization, String body) {
        var request = mvc.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path)
                .header("Authorization", authorization);
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return request.exchange();
    }
}
