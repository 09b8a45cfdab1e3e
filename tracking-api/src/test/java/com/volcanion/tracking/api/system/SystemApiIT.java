package com.volcanion.tracking.api.system;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ApiIT
class SystemApiIT extends ApiTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void registersASystemAndShowsItsKeyThisOnce() {
        String partnerId = createPartner();

        var system = createSystem(partnerId);

        String apiKey = system.get("apiKey").asString();
        assertThat(apiKey).matches("vt_[0-9A-Za-z]{38}").startsWith(system.get("apiKeyPrefix").asString());
        assertThat(system.get("partnerId").asString()).isEqualTo(partnerId);
        assertThat(system.get("type").asString()).isEqualTo("WEBSITE");
        assertThat(system.get("active").asBoolean()).isTrue();
        assertThat(system.get("allowedOrigins").get(0).asString()).isEqualTo("https://shop.acme.example");
        var read = getAsAdmin("/api/systems/{id}", system.get("id").asString());
        assertThat(read).hasStatusOk();
        assertThat(text(read)).doesNotContain(apiKey).doesNotContain("apiKey\"");
    }

    @Test
    void keepsOnlyTheKeysHash() {
        var system = createSystem(createPartner());

        Integer rowsWithThePlainKey = jdbc.queryForObject(
                "select count(*) from write.partner_systems where api_key_hash = ? or api_key_prefix = ?",
                Integer.class, system.get("apiKey").asString(), system.get("apiKey").asString());

        assertThat(rowsWithThePlainKey).isZero();
    }

    @Test
    void listsAPartnersSystems() {
        String partnerId = createPartner();
        createSystem(partnerId);
        postAsAdmin("/api/partners/" + partnerId + "/systems", "{\"name\":\"iOS\",\"type\":\"IOS_APP\"}");

        var list = body(getAsAdmin("/api/partners/{id}/systems", partnerId));

        assertThat(list).hasSize(2);
        assertThat(list.get(1).get("allowedOrigins")).isEmpty();
        assertThat(getAsAdmin("/api/partners/{id}/systems", UUID.randomUUID())).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void refusesAnUnknownTypeAMissingNameAndABadOrigin() {
        String partnerId = createPartner();

        var unknownType = postAsAdmin("/api/partners/" + partnerId + "/systems", "{\"name\":\"x\",\"type\":\"TOASTER\"}");
        var noName = postAsAdmin("/api/partners/" + partnerId + "/systems", "{\"type\":\"WEBSITE\"}");
        var noType = postAsAdmin("/api/partners/" + partnerId + "/systems", "{\"name\":\"x\"}");
        var badOrigin = postAsAdmin("/api/partners/" + partnerId + "/systems",
                "{\"name\":\"x\",\"type\":\"WEBSITE\",\"allowedOrigins\":[\"shop.acme.example/path\"]}");

        assertThat(unknownType).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(unknownType).get("errors").get(0).get("message").asString()).contains("WEBSITE");
        assertThat(body(noName).get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(body(noType).get("errors").get(0).get("field").asString()).isEqualTo("type");
        assertThat(body(badOrigin).get("errors").get(0).get("field").asString()).isEqualTo("allowedOrigins");
        assertThat(postAsAdmin("/api/partners/" + UUID.randomUUID() + "/systems", "{\"name\":\"x\",\"type\":\"WEBSITE\"}"))
                .hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void changesASystem() {
        var system = createSystem(createPartner());
        String id = system.get("id").asString();

        var changed = body(patchAsAdmin("/api/systems/" + id,
                "{\"name\":\"Storefront\",\"active\":false,\"allowedOrigins\":[\"https://new.acme.example\"]}"));

        assertThat(changed.get("name").asString()).isEqualTo("Storefront");
        assertThat(changed.get("active").asBoolean()).isFalse();
        assertThat(changed.get("allowedOrigins").get(0).asString()).isEqualTo("https://new.acme.example");
        assertThat(patchAsAdmin("/api/systems/" + UUID.randomUUID(), "{}")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void rotatesAKeyWithAGracePeriod() {
        var system = createSystem(createPartner());
        String id = system.get("id").asString();

        var rotated = postAsAdmin("/api/systems/" + id + "/api-key/rotate", "{\"gracePeriodSeconds\":3600}");

        assertThat(rotated).hasStatusOk();
        var answer = body(rotated);
        assertThat(answer.get("apiKey").asString()).isNotEqualTo(system.get("apiKey").asString());
        assertThat(Instant.parse(answer.get("previousKeyValidUntil").asString()))
                .isCloseTo(Instant.now().plus(Duration.ofHours(1)), within(Duration.ofMinutes(1)));
        assertThat(body(getAsAdmin("/api/systems/{id}", id)).get("apiKeyPrefix").asString())
                .isEqualTo(answer.get("apiKeyPrefix").asString());
    }

    @Test
    void rotatesAKeyAtOnceByDefault() {
        var system = createSystem(createPartner());
        String id = system.get("id").asString();

        var withoutBody = mvc.post().uri("/api/systems/" + id + "/api-key/rotate")
                .header("Authorization", "Bearer " + ADMIN_TOKEN).exchange();

        assertThat(withoutBody).hasStatusOk();
        assertThat(body(withoutBody).get("previousKeyValidUntil").isNull()).isTrue();
        assertThat(postAsAdmin("/api/systems/" + id + "/api-key/rotate", "{\"gracePeriodSeconds\":-5}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(postAsAdmin("/api/systems/" + UUID.randomUUID() + "/api-key/rotate", "{}"))
                .hasStatus(HttpStatus.NOT_FOUND);
    }
}
