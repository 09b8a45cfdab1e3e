package com.volcanion.tracking.api.lifecycle;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.lifecycle.RevalidationRunner;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revalidation against a plain reference, on generated input: events of one name stored before their structure
 * existed (all valid), with random properties at random times around hour edges, some projected and some still
 * waiting for the projector while the job runs, others of another name; then a structure, events checked by it at ingestion, and a revalidation of a range. Every event of
 * the name in the range ends with the structure's verdict and version on both sides, everything else as it was, and
 * the hourly invalid counts are those of the events. Each run draws a new seed, printed;
 * {@code -Dtracking.generated.seed=N} replays one.
 */
@ApiIT
class RevalidationIT extends ApiTestSupport {

    private static final String STRUCTURE = "{\"schema\":{\"type\":\"object\",\"required\":[\"total\"],"
            + "\"properties\":{\"total\":{\"type\":\"number\"}}}}";

    @Autowired
    TrackingEventProjector projector;
    @Autowired
    RevalidationRunner revalidations;
    @Autowired
    JdbcTemplate jdbc;

    @RepeatedTest(3)
    void everyEventOfTheNameInTheRangeEndsWithTheStructuresVerdictAndNothingElseChanges() {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        System.out.println("[generated input] seed " + seed);
        Random random = new Random(seed);
        TestSystem system = aSystem();
        Instant base = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.DAYS);
        Map<String, Boolean> validByStructure = new HashMap<>();
        Map<String, Instant> timeOf = new HashMap<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 240; i++) {
            String name = random.nextInt(5) == 0 ? "Other" : "Checkout";
            Instant at = base.plus(random.nextInt(48), ChronoUnit.HOURS)
                    .plusSeconds(List.of(0, 3599, random.nextInt(3600)).get(random.nextInt(3)));
            String properties = switch (random.nextInt(4)) {
                case 0 -> "{}";
                case 1 -> "{\"total\":\"12\"}";
                default -> "{\"total\":" + random.nextInt(100) + "}";
            };
            String messageId = "r-" + i;
            events.add("{\"messageId\":\"" + messageId + "\",\"eventName\":\"" + name + "\",\"timestamp\":\"" + at
                    + "\",\"properties\":" + properties + "}");
            if (name.equals("Checkout")) {
                validByStructure.put(messageId, properties.matches("\\{\"total\":\\d+}"));
                timeOf.put(messageId, at);
            }
        }
        for (int i = 0; i < events.size(); i += 60) {
            assertThat(postWithKey("/api/events/batch", system.apiKey(), "{\"events\":["
                    + String.join(",", events.subList(i, i + 60)) + "]}")).hasStatusOk();
            if (random.nextBoolean()) {   // the others wait: the job finds them on the write side (the tests'
                projector.projectAvailable();   // projector runs only when called)
            }
        }
        assertThat(putAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Checkout", STRUCTURE))
                .hasStatus2xxSuccessful();
        JsonNode checkedAtIngestion = body(postWithKey("/api/events/batch", system.apiKey(), """
                {"events": [{"messageId": "new-1", "eventName": "Checkout", "properties": {}},
                            {"messageId": "new-2", "eventName": "Checkout", "properties": {"total": 3}}]}"""));
        assertThat(checkedAtIngestion.get("invalid").asLong()).isEqualTo(1);

        Instant from = base.plus(random.nextInt(12), ChronoUnit.HOURS);
        Instant to = from.plus(12 + random.nextInt(36), ChronoUnit.HOURS);
        JsonNode job = body(postAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Checkout/revalidations",
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}"));
        assertThat(job.get("status").asString()).isEqualTo("PENDING");
        revalidations.runOpenJobs();
        JsonNode finished = body(getAsAdmin("/api/partners/{p}/event-structures/Checkout/revalidations/{id}",
                system.partnerId(), job.get("id").asString()));
        assertThat(finished.get("status").asString()).as("seed " + seed).isEqualTo("FINISHED");
        projector.projectAvailable();   // what waited is projected with the verdict the job gave it

        long inRange = timeOf.values().stream().filter(at -> !at.isBefore(from) && at.isBefore(to)).count();
        long invalidInRange = validByStructure.entrySet().stream().filter(e -> !e.getValue())
                .filter(e -> !timeOf.get(e.getKey()).isBefore(from) && timeOf.get(e.getKey()).isBefore(to)).count();
        assertThat(finished.get("checked").asLong()).as("seed " + seed + ": what ingestion checked is not counted")
                .isEqualTo(inRange);
        assertThat(finished.get("becameInvalid").asLong()).as("seed " + seed).isEqualTo(invalidInRange);
        assertThat(finished.get("becameValid").asLong()).isZero();

        Map<String, Long> invalidPerHour = new HashMap<>();
        for (Map<String, Object> row : jdbc.queryForList("""
                select e.message_id, e.valid, e.schema_version, e.validation_errors is null as no_errors, r.valid as read_valid,
                       r.validation_errors is null as read_no_errors
                from write.tracking_events e join read.tracking_events_read_model r on r.tracking_event_id = e.id
                where e.partner_system_id = ?::uuid and e.event_name = 'Checkout' and e.message_id like 'r-%'
                """, system.systemId())) {
            String messageId = (String) row.get("message_id");
            Instant at = timeOf.get(messageId);
            boolean revalidated = !at.isBefore(from) && at.isBefore(to);
            boolean expectedValid = !revalidated || validByStructure.get(messageId);
            String context = messageId + " at " + at + ", range [" + from + ", " + to + "), seed " + seed;
            assertThat(row.get("valid")).as(context).isEqualTo(expectedValid);
            assertThat(row.get("read_valid")).as(context).isEqualTo(expectedValid);
            assertThat(row.get("no_errors")).as(context).isEqualTo(expectedValid);
            assertThat(row.get("read_no_errors")).as(context).isEqualTo(expectedValid);
            assertThat(row.get("schema_version")).as(context).isEqualTo(revalidated ? 1 : null);
            if (!expectedValid) {
                invalidPerHour.merge(at.truncatedTo(ChronoUnit.HOURS).toString(), 1L, Long::sum);
            }
        }
        invalidPerHour.merge(jdbc.queryForObject("select date_trunc('hour', event_timestamp, 'UTC') from "
                + "write.tracking_events where message_id = 'new-1' and partner_system_id = ?::uuid", Timestamp.class,
                system.systemId()).toInstant().toString(), 1L, Long::sum);   // checked at ingestion
        Map<String, Long> counted = new HashMap<>();
        jdbc.query("select bucket_start, sum(invalid_count) as invalid from read.event_stats_hourly where partner_id = ?::uuid "
                + "and event_name = 'Checkout' group by 1 having sum(invalid_count) <> 0", rs -> {
            counted.put(rs.getTimestamp("bucket_start").toInstant().toString(), rs.getLong("invalid"));
        }, system.partnerId());
        assertThat(counted).as("hourly invalid counts, seed " + seed).isEqualTo(invalidPerHour);
        assertThat(jdbc.queryForObject("select count(*) from write.tracking_events where partner_system_id = ?::uuid "
                + "and event_name = 'Other' and (not valid or schema_version is not null)", Long.class, system.systemId()))
                .as("another name is not touched").isZero();
        assertThat(jdbc.queryForObject("select schema_version from write.tracking_events where message_id = 'new-2' "
                + "and partner_system_id = ?::uuid", Integer.class, system.systemId())).isEqualTo(1);
    }

    /** The structure changes again while the job runs: every event ends checked by the newest version. */
    @Test
    void aStructureChangedWhileTheJobRunsIsTheOneEveryEventEndsWith() {
        TestSystem system = aSystem();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            events.add("{\"eventName\":\"Checkout\",\"properties\":{\"total\":\"12\"}}");
        }
        assertThat(postWithKey("/api/events/batch", system.apiKey(), "{\"events\":[" + String.join(",", events) + "]}"))
                .hasStatusOk();
        projector.projectAvailable();
        String structures = "/api/partners/" + system.partnerId() + "/event-structures/Checkout";
        assertThat(putAsAdmin(structures, STRUCTURE)).hasStatus2xxSuccessful();   // total must be a number
        UUID job = UUID.fromString(body(postAsAdmin(structures + "/revalidations", "{}")).get("id").asString());
        revalidations.step(job);
        revalidations.step(job);
        assertThat(count("select count(*) from write.tracking_events where partner_system_id = ?::uuid and not valid "
                + "and schema_version = 1", system.systemId())).as("checked by version 1").isEqualTo(50);

        assertThat(putAsAdmin(structures, "{\"schema\":{\"type\":\"object\",\"properties\":{\"total\":"
                + "{\"type\":\"string\"}}}}")).hasStatus2xxSuccessful();   // version 2: a string will do
        revalidations.runOpenJobs();

        JsonNode finished = body(getAsAdmin(structures + "/revalidations/{id}", job));
        assertThat(finished.get("status").asString()).isEqualTo("FINISHED");
        assertThat(finished.get("becameInvalid").asLong()).isEqualTo(50);
        assertThat(finished.get("becameValid").asLong()).isEqualTo(50);
        assertThat(count("select count(*) from write.tracking_events where partner_system_id = ?::uuid and valid "
                + "and schema_version = 2", system.systemId())).isEqualTo(50);
        assertThat(count("select count(*) from read.tracking_events_read_model where partner_system_id = ?::uuid "
                + "and not valid", system.systemId())).isZero();
        assertThat(count("select coalesce(sum(invalid_count), 0) from read.event_stats_hourly where partner_id = ?::uuid",
                system.partnerId())).isZero();
    }

    private long count(String sql, Object... arguments) {
        return jdbc.queryForObject(sql, Long.class, arguments);
    }

    @Test
    void badRequestsAndARemovedStructure() {
        TestSystem system = aSystem();
        String path = "/api/partners/" + system.partnerId() + "/event-structures/Checkout/revalidations";
        assertThat(postAsAdmin(path, "{}")).as("no structure for the name").hasStatus(HttpStatus.NOT_FOUND);
        assertThat(putAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Checkout", STRUCTURE))
                .hasStatus2xxSuccessful();
        assertThat(postAsAdmin(path, "{\"from\":\"2026-12-02T00:00:00Z\",\"to\":\"2026-12-01T00:00:00Z\"}"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(postAsAdmin(path, "{\"from\":\"yesterday\"}")).hasStatus(HttpStatus.BAD_REQUEST);
        JsonNode job = body(postAsAdmin(path, "{}"));
        assertThat(getAsAdmin("/api/partners/{p}/event-structures/Checkout/revalidations/{id}", createPartner(),
                job.get("id").asString())).as("another partner's").hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/partners/{p}/event-structures/Other/revalidations/{id}", system.partnerId(),
                job.get("id").asString())).as("another name's").hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/partners/{p}/event-structures/Checkout/revalidations/{id}", system.partnerId(),
                UUID.randomUUID())).hasStatus(HttpStatus.NOT_FOUND);

        assertThat(deleteAsAdmin("/api/partners/{p}/event-structures/Checkout", system.partnerId()))
                .hasStatus2xxSuccessful();
        revalidations.runOpenJobs();
        assertThat(body(getAsAdmin("/api/partners/{p}/event-structures/Checkout/revalidations/{id}", system.partnerId(),
                job.get("id").asString())).get("status").asString()).as("its structure was removed").isEqualTo("FAILED");
    }
}
