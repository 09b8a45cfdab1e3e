package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keys and partner tokens are stored only as hashes and never logged; unknown and revoked keys get one identical
 * answer; admin endpoints refuse ingest keys and ingestion refuses the admin token; one partner's data is unreachable
 * through another's ids, by the operator's ids and by a partner token; a token revoked on one node is refused at once
 * on the other.
 */
class SecurityIT extends ReliabilityTest {


    @Test
    void keepsKeysSecretAndPartnersApart() throws Exception {
        ServiceNode first = startNode("security", Map.of());
        ServiceNode second = startNode("security-2", Map.of());
        var a = Fixture.newSystem(node());
        var b = Fixture.newSystem(node());
        List<String> keys = new ArrayList<>(List.of(a.apiKey(), b.apiKey()));
        var rotated = Http.postAsAdmin(node().uri("/api/systems/" + a.systemId() + "/api-key/rotate"), "{}");
        assertThat(rotated.status()).isEqualTo(200);
        String revokedKey = a.apiKey();
        String aKey = Fixture.json(rotated.body()).get("apiKey").asString();
        keys.add(aKey);
        assertThat(Http.put(node(), "/api/partners/" + b.partnerId() + "/event-structures/Secret%20Plan",
                "{\"schema\":{\"type\":\"object\"}}").status()).isEqualTo(201);
        // a hostile client names the other partner in its event: the key alone decides where it goes
        assertThat(Http.postWithKey(node().uri("/api/events/ingest"), aKey, "{\"eventName\":\"A only\",\"partnerId\":\""
                + b.partnerId() + "\",\"partnerSystemId\":\"" + b.systemId() + "\",\"userId\":\"ua\"}").status()).isEqualTo(202);
        assertThat(Http.postWithKey(node().uri("/api/events/ingest"), b.apiKey(), "{\"eventName\":\"B only\",\"userId\":\"ub\"}")
                .status()).isEqualTo(202);

        // unknown, revoked and missing keys: one identical answer
        String unknownKey = "vt_" + "Q".repeat(32) + revokedKey.substring(revokedKey.length() - 6);
        var unknown = Http.postWithKey(node().uri("/api/events/ingest"), unknownKey, Fixture.event("u"));
        var revoked = Http.postWithKey(node().uri("/api/events/ingest"), revokedKey, Fixture.event("r"));
        var missing = Http.send(HttpRequest.newBuilder(node().uri("/api/events/ingest"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Fixture.event("m"))));
        for (var answer : List.of(unknown, revoked, missing)) {
            assertThat(answer.status()).isEqualTo(401);
            assertThat(withoutRequestFields(answer.body())).isEqualTo(withoutRequestFields(unknown.body()));
            assertThat(answer.header("WWW-Authenticate")).isEqualTo(unknown.header("WWW-Authenticate"));
        }

        // credentials work only where they belong
        for (String path : List.of("/api/partners", "/api/partners/" + a.partnerId(), "/api/systems/" + a.systemId(),
                "/api/events/partner/" + a.partnerId(), "/api/statistics/partners/" + a.partnerId())) {
            assertThat(Http.send(HttpRequest.newBuilder(node().uri(path)).header("Authorization", "Bearer " + aKey)).status())
                    .as("ingest key as bearer on " + path).isEqualTo(401);
            assertThat(Http.send(HttpRequest.newBuilder(node().uri(path)).header("X-Api-Key", aKey)).status())
                    .as("ingest key header on " + path).isEqualTo(401);
        }
        assertThat(Http.postWithKey(node().uri("/api/events/ingest"), ServiceNode.ADMIN_TOKEN, Fixture.event("x")).status())
                .isEqualTo(401);
        assertThat(Http.send(HttpRequest.newBuilder(node().uri("/api/events/ingest"))
                .header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Fixture.event("y")))).status()).isEqualTo(401);
        String basicAdmin = Base64.getEncoder().encodeToString((ServiceNode.ADMIN_TOKEN + ":").getBytes(StandardCharsets.UTF_8));
        assertThat(Http.send(HttpRequest.newBuilder(node().uri("/api/events/ingest")).header("Authorization", "Basic " + basicAdmin)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(Fixture.event("z"))))
                .status()).isEqualTo(401);

        // partners apart: another partner's ids lead to nothing of theirs
        MachineServices.awaitUntil(java.time.Duration.ofSeconds(30), () -> items("/api/events/partner/" + b.partnerId()).size() == 1);
        List<JsonNode> aEvents = items("/api/events/partner/" + a.partnerId());
        assertThat(aEvents).hasSize(1).allMatch(event -> event.get("partnerId").asString().equals(a.partnerId())
                && event.get("partnerSystemId").asString().equals(a.systemId()));
        assertThat(Http.getAsAdmin(node().uri("/api/partners/" + a.partnerId() + "/event-structures/Secret%20Plan")).status())
                .isEqualTo(404);
        var crossStatistics = Http.getAsAdmin(node().uri("/api/statistics/partners/" + a.partnerId() + "?systemId=" + b.systemId()));
        assertThat(crossStatistics.status()).isEqualTo(404);
        assertThat(Http.getAsAdmin(node().uri("/api/partners/" + a.partnerId() + "/systems")).body())
                .contains(a.systemId()).doesNotContain(b.systemId());

        // a partner token: issued on the first node, used on the second, revoked on the first, refused at once on the
        // second with the answer an unknown token gets
        var issued = Http.postAsAdmin(first.uri("/api/partners/" + a.partnerId() + "/tokens"), "{\"name\":\"Jane\"}");
        assertThat(issued.status()).isEqualTo(201);
        String token = Fixture.json(issued.body()).get("token").asString();
        String tokenId = Fixture.json(issued.body()).get("id").asString();
        keys.add(token);
        assertThat(withToken(second, "GET", "/api/events/partner/" + a.partnerId(), token).status()).isEqualTo(200);
        assertThat(withToken(second, "PATCH", "/api/systems/" + a.systemId(), token).status()).isEqualTo(200);
        assertThat(withToken(second, "PATCH", "/api/systems/" + b.systemId(), token).status()).isEqualTo(404);
        for (String path : List.of("/api/partners/" + b.partnerId(), "/api/systems/" + b.systemId(),
                "/api/events/partner/" + b.partnerId(), "/api/events/partner-system/" + b.systemId(),
                "/api/statistics/partners/" + b.partnerId(), "/api/partners/" + b.partnerId() + "/audit",
                "/api/partners/" + b.partnerId() + "/event-structures/Secret%20Plan")) {
            assertThat(withToken(second, "GET", path, token).status()).as("token of A on " + path).isEqualTo(404);
        }
        assertThat(withToken(second, "GET", "/api/partners", token).status()).isEqualTo(403);
        var revoke = Http.send(HttpRequest.newBuilder(first.uri("/api/partners/" + a.partnerId() + "/tokens/" + tokenId))
                .header("Authorization", "Bearer " + ServiceNode.ADMIN_TOKEN).DELETE());
        assertThat(revoke.status()).isEqualTo(204);
        var refused = withToken(second, "GET", "/api/partners/" + a.partnerId(), token);
        var unknownToken = withToken(second, "GET", "/api/partners/" + a.partnerId(),
                "vtp_" + "Q".repeat(32) + token.substring(token.length() - 6));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(withoutRequestFields(refused.body())).isEqualTo(withoutRequestFields(unknownToken.body()));
        var audit = Fixture.json(Http.getAsAdmin(second.uri("/api/partners/" + a.partnerId() + "/audit")).body());
        assertThat(audit.get("items").get(0).get("action").asString()).isEqualTo("token.revoked");

        // keys and tokens only as hashes: in no column of any table, in no Redis key or cached value, in no log line
        String everything = databaseAsText();
        String redis = redisAsText();
        String log = Files.readString(first.log()) + Files.readString(second.log());
        for (String key : keys) {
            assertThat(everything).as("database").doesNotContain(key);
            assertThat(redis).as("Redis").doesNotContain(key);
            assertThat(log).as("log").doesNotContain(key);
        }
        assertThat(log).doesNotContain(ServiceNode.ADMIN_TOKEN).doesNotContain(basicAdmin);
        assertThat(everything).contains(a.systemId());   // the scan did read the tables
        Fixture.report("security: " + keys.size() + " issued keys and tokens found in none of the database's rows ("
                + everything.length() / 1024 + " KiB scanned), Redis keys and values, or the log ("
                + log.length() / 1024 + " KiB); unknown, revoked and missing keys answered with one identical 401; "
                + "ingest keys refused by 5 admin endpoints, the admin token refused by ingestion; partner ids do "
                + "not reach another partner's events, structures or systems; a partner token reached its own partner "
                + "and got 404 on 7 of another's resources, and, revoked on one node, was refused on the other by "
                + "the next request");
    }

    private static Http.Answer withToken(ServiceNode node, String method, String path, String token) {
        return Http.send(HttpRequest.newBuilder(node.uri(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, method.equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));
    }

    private List<JsonNode> items(String path) {
        List<JsonNode> items = new ArrayList<>();
        Fixture.json(Http.getAsAdmin(node().uri(path)).body()).get("items").forEach(items::add);
        return items;
    }

    /** A problem body without what differs per request by design (its correlation id and instance). */
    private static String withoutRequestFields(String body) {
        ObjectNode problem = (ObjectNode) Fixture.json(body);
        problem.remove("correlationId");
        problem.remove("instance");
        return problem.toString();
    }

    private String databaseAsText() throws Exception {
        StringBuilder text = new StringBuilder();
        try (Connection connection = MachineServices.connect(database)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = connection.createStatement().executeQuery(
                    "select table_schema || '.' || table_name from information_schema.tables "
                            + "where table_schema in ('write', 'read', 'public') and table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rs = connection.createStatement().executeQuery(
                        "select row_to_json(t)::text from " + table + " t")) {
                    while (rs.next()) {
                        text.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return text.toString();
    }

    private static String redisAsText() throws IOException, InterruptedException {
        Process scan = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "6379", "--scan").start();
        String keys = new String(scan.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        scan.waitFor();
        StringBuilder text = new StringBuilder(keys);
        for (String key : keys.split("\n")) {
            if (key.startsWith("apikey:")) {
                Process get = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "6379", "get", key).start();
                text.append(new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                get.waitFor();
            }
        }
        return text.toString();
    }
}
