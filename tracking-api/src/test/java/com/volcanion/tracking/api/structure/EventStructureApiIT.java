package com.volcanion.tracking.api.structure;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ApiIT
class EventStructureApiIT extends ApiTestSupport {

    private static final String SCHEMA = "{\"type\":\"object\",\"required\":[\"total\"],"
            + "\"properties\":{\"total\":{\"type\":\"number\"}}}";

    @Test
    void createsAStructureWith201AndReplacesItWith200() {
        String partnerId = createPartner();
        String uri = "/api/partners/" + partnerId + "/event-structures/Order Completed";

        var created = putAsAdmin(uri, "{\"schema\":" + SCHEMA + ",\"description\":\"orders\"}");
        var same = putAsAdmin(uri, "{\"schema\": " + SCHEMA.replace(",", ", ") + ", \"description\":\"orders\"}");
        var changed = putAsAdmin(uri, "{\"schema\":{\"type\":\"object\"},\"description\":\"orders\"}");

        assertThat(created).hasStatus(HttpStatus.CREATED);
        assertThat(body(created).get("version").asInt()).isEqualTo(1);
        assertThat(body(created).get("eventName").asString()).isEqualTo("Order Completed");
        assertThat(body(created).get("schema").get("required").get(0).asString()).isEqualTo("total");
        assertThat(same).hasStatusOk();
        assertThat(body(same).get("version").asInt()).as("same schema, other spacing").isEqualTo(1);
        assertThat(body(changed).get("version").asInt()).isEqualTo(2);
    }

    @Test
    void refusesASchemaThatIsNotAValidJsonSchema() {
        String partnerId = createPartner();

        var invalid = putAsAdmin("/api/partners/" + partnerId + "/event-structures/Bad",
                "{\"schema\":{\"type\":\"banana\"}}");
        var notAnObject = putAsAdmin("/api/partners/" + partnerId + "/event-structures/Bad", "{\"schema\":[1]}");
        var missing = putAsAdmin("/api/partners/" + partnerId + "/event-structures/Bad", "{}");

        assertThat(invalid).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(invalid).get("errors").get(0).get("field").asString()).isEqualTo("schema");
        assertThat(notAnObject).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(missing).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(getAsAdmin("/api/partners/{id}/event-structures", partnerId))).isEmpty();
    }

    @Test
    void refusesAnEventNameLongerThan200Characters() {
        String partnerId = createPartner();

        assertThat(putAsAdmin("/api/partners/" + partnerId + "/event-structures/" + "x".repeat(201),
                "{\"schema\":{}}")).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void listsReadsAndDeletesStructures() {
        String partnerId = createPartner();
        putAsAdmin("/api/partners/" + partnerId + "/event-structures/Signed Up", "{\"schema\":{}}");
        putAsAdmin("/api/partners/" + partnerId + "/event-structures/Added To Cart", "{\"schema\":{}}");

        var list = body(getAsAdmin("/api/partners/{id}/event-structures", partnerId));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("eventName").asString()).isEqualTo("Added To Cart");
        assertThat(getAsAdmin("/api/partners/{id}/event-structures/{name}", partnerId, "Signed Up")).hasStatusOk();

        assertThat(deleteAsAdmin("/api/partners/{id}/event-structures/{name}", partnerId, "Signed Up"))
                .hasStatus(HttpStatus.NO_CONTENT);
        assertThat(getAsAdmin("/api/partners/{id}/event-structures/{name}", partnerId, "Signed Up"))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(deleteAsAdmin("/api/partners/{id}/event-structures/{name}", partnerId, "Signed Up"))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/partners/{id}/event-structures", UUID.randomUUID())).hasStatus(HttpStatus.NOT_FOUND);
    }
}
