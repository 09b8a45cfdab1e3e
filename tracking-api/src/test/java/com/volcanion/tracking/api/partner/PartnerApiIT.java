package com.volcanion.tracking.api.partner;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ApiIT
class PartnerApiIT extends ApiTestSupport {

    @Test
    void registersAPartnerWithItsLocation() {
        String email = uniqueEmail();

        var result = postAsAdmin("/api/partners", "{\"name\":\"Acme Shop\",\"email\":\"" + email + "\"}");

        assertThat(result).hasStatus(HttpStatus.CREATED);
        var partner = body(result);
        assertThat(result.getResponse().getHeader("Location")).endsWith("/api/partners/" + partner.get("id").asString());
        assertThat(partner.get("name").asString()).isEqualTo("Acme Shop");
        assertThat(partner.get("email").asString()).isEqualTo(email);
        assertThat(partner.get("active").asBoolean()).isTrue();
        assertThat(partner.has("createdAt")).isTrue();
        assertThat(partner.has("updatedAt")).isTrue();
    }

    @Test
    void answers409WhenTheEmailIsTaken() {
        String email = uniqueEmail();
        postAsAdmin("/api/partners", "{\"name\":\"Acme\",\"email\":\"" + email + "\"}");

        var result = postAsAdmin("/api/partners", "{\"name\":\"Other\",\"email\":\"" + email.toUpperCase() + "\"}");

        assertThat(result).hasStatus(HttpStatus.CONFLICT).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(body(result).get("errors").get(0).get("field").asString()).isEqualTo("email");
    }

    @Test
    void answers400WithFieldErrorsForABlankNameOrABadEmail() {
        var blank = postAsAdmin("/api/partners", "{\"name\":\" \",\"email\":\"" + uniqueEmail() + "\"}");
        var badEmail = postAsAdmin("/api/partners", "{\"name\":\"Acme\",\"email\":\"nope\"}");
        var missing = postAsAdmin("/api/partners", "{}");

        assertThat(blank).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(blank).get("errors").get(0).get("field").asString()).isEqualTo("name");
        assertThat(body(badEmail).get("errors").get(0).get("field").asString()).isEqualTo("email");
        assertThat(missing).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void readsAPartnerAndAnswers404ForAnUnknownOne() {
        String id = createPartner();

        assertThat(getAsAdmin("/api/partners/{id}", id)).hasStatusOk().bodyJson().extractingPath("$.id").isEqualTo(id);
        assertThat(getAsAdmin("/api/partners/{id}", UUID.randomUUID()))
                .hasStatus(HttpStatus.NOT_FOUND).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void changesOnlyTheFieldsGiven() {
        String id = createPartner();

        var renamed = patchAsAdmin("/api/partners/" + id, "{\"name\":\"Acme Corp\"}");
        var deactivated = patchAsAdmin("/api/partners/" + id, "{\"active\":false}");

        assertThat(body(renamed).get("name").asString()).isEqualTo("Acme Corp");
        assertThat(body(deactivated).get("name").asString()).isEqualTo("Acme Corp");
        assertThat(body(deactivated).get("active").asBoolean()).isFalse();
        assertThat(patchAsAdmin("/api/partners/" + UUID.randomUUID(), "{\"name\":\"x\"}")).hasStatus(HttpStatus.NOT_FOUND);
    }

    @Test
    void patchingToAnEmailTakenByAnotherPartnerIs409() {
        String taken = uniqueEmail();
        postAsAdmin("/api/partners", "{\"name\":\"First\",\"email\":\"" + taken + "\"}");
        String id = createPartner();

        assertThat(patchAsAdmin("/api/partners/" + id, "{\"email\":\"" + taken + "\"}")).hasStatus(HttpStatus.CONFLICT);
    }

    @Test
    void listsPartnersPageByPage() {
        createPartner();
        createPartner();

        var page = getAsAdmin("/api/partners?page=0&size=1");

        assertThat(page).hasStatusOk();
        var answer = body(page);
        assertThat(answer.get("items")).hasSize(1);
        assertThat(answer.get("size").asInt()).isEqualTo(1);
        assertThat(answer.get("totalItems").asLong()).isGreaterThanOrEqualTo(2);
        assertThat(answer.get("totalPages").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(getAsAdmin("/api/partners?size=201")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(getAsAdmin("/api/partners?page=-1")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(getAsAdmin("/api/partners?page=abc")).hasStatus(HttpStatus.BAD_REQUEST);
    }
}
