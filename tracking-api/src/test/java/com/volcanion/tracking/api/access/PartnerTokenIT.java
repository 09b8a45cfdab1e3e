package com.volcanion.tracking.api.access;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.domain.credential.SecretFormat;
import com.volcanion.tracking.infrastructure.persistence.JdbcPartnerTokens;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A partner token's life: issued and shown once, stored as a hash, used, listed with its last use, revoked. */
@ApiIT
class PartnerTokenIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JdbcPartnerTokens tokens;

    @Test
    void aTokenIsShownOnceStoredAsAHashAndRefusedAtOnceWhenRevoked() {
        String partnerId = createPartner();
        Instant before = Instant.now();
        MvcTestResult issued = postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":\"Jane (Acme admin)\"}");

        assertThat(issued).hasStatus(HttpStatus.CREATED);
        String token = body(issued).get("token").asString();
        String tokenId = body(issued).get("id").asString();
        assertThat(token).matches("vtp_[0-9A-Za-z]{38}");
        assertThat(body(issued).get("name").asString()).isEqualTo("Jane (Acme admin)");
        Map<String, Object> row = jdbc.queryForMap("select * from write.partner_tokens where id = ?::uuid", tokenId);
        assertThat(row.get("token_hash")).isEqualTo(SecretFormat.sha256Hex(token));
        assertThat(row.toString()).doesNotContain(token).doesNotContain(token.substring(10));

        JsonNode listed = body(getAsAdmin("/api/partners/{p}/tokens", partnerId)).get(0);
        assertThat(listed.get("id").asString()).isEqualTo(tokenId);
        assertThat(listed.get("tokenPrefix").asString()).isEqualTo(token.substring(0, 10));
        assertThat(listed.has("token")).isFalse();
        assertThat(listed.get("lastUsedAt").isNull()).isTrue();

        assertThat(getWith(token, "/api/partners/" + partnerId)).hasStatusOk();
        // this node shows its own use at once; the database hears of it in the next batch
        JsonNode used = body(getWith(token, "/api/partners/" + partnerId + "/tokens")).get(0);
        assertThat(Instant.parse(used.get("lastUsedAt").asString())).isAfterOrEqualTo(before.minusSeconds(1));
        tokens.writeUses();
        assertThat(jdbc.queryForObject("select last_used_at is not null from write.partner_tokens where id = ?::uuid",
                Boolean.class, tokenId)).isTrue();

        assertThat(deleteAsAdmin("/api/partners/{p}/tokens/{t}", partnerId, tokenId)).hasStatus(HttpStatus.NO_CONTENT);
        MvcTestResult revoked = getWith(token, "/api/partners/" + partnerId);
        MvcTestResult unknown = getWith("vtp_" + token.substring(4, 36) + "000000", "/api/partners/" + partnerId);
        assertThat(revoked).hasStatus(HttpStatus.UNAUTHORIZED);
        assertThat(body(revoked).get("detail")).isEqualTo(body(unknown).get("detail"));
        assertThat(revoked.getResponse().getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(deleteAsAdmin("/api/partners/{p}/tokens/{t}", partnerId, tokenId)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(body(getAsAdmin("/api/partners/{p}/tokens", partnerId))).isEmpty();
    }

    @Test
    void aTokenIsIssuedOnlyToAPartnerThatExistsWithAName() {
        String partnerId = createPartner();

        for (String name : List.of("null", "\"\"", "\"   \"", "\"" + "n".repeat(201) + "\"", "\"a\\u0000b\"")) {
            MvcTestResult refused = postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":" + name + "}");
            assertThat(refused).as(name).hasStatus(HttpStatus.BAD_REQUEST);
            assertThat(body(refused).get("errors").get(0).get("field").asString()).isEqualTo("name");
        }
        assertThat(postAsAdmin("/api/partners/" + UUID.randomUUID() + "/tokens", "{\"name\":\"x\"}"))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(deleteAsAdmin("/api/partners/{p}/tokens/{t}", partnerId, UUID.randomUUID()))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(jdbc.queryForObject("select count(*) from write.partner_tokens where partner_id = ?::uuid",
                Integer.class, partnerId)).isZero();
    }

    /** A token can neither issue tokens (its own partner's included) nor revoke them, nor list partners. */
    @Test
    void aTokenCannotMakeMoreTokens() {
        String partnerId = createPartner();
        JsonNode issued = body(postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":\"admin\"}"));
        String token = issued.get("token").asString();

        MvcTestResult more = mvc.post().uri("/api/partners/{p}/tokens", partnerId).header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"mine\"}").exchange();
        MvcTestResult revokeSelf = mvc.delete().uri("/api/partners/{p}/tokens/{t}", partnerId,
                issued.get("id").asString()).header("Authorization", "Bearer " + token).exchange();

        assertThat(more).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(revokeSelf).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(getWith(token, "/api/partners")).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(body(getWith(token, "/api/partners/" + partnerId + "/tokens"))).hasSize(1);
    }

    private MvcTestResult getWith(String token, String path) {
        return mvc.get().uri(path).header("Authorization", "Bearer " + token).exchange();
    }
}
