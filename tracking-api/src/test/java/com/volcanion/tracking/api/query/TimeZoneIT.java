package com.volcanion.tracking.api.query;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.persistence.JdbcPartnerTokens;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.Map;
import java.util.TimeZone;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Time is UTC" (docs/decisions.md, 21): buckets and ranges are UTC whatever the JVM's time zone. The build runs this class
 * three times: in the default execution, and in JVMs started with {@code -Duser.timezone=Asia/Kolkata} (a
 * half-hour offset) and {@code America/New_York} (2026-11-01 06:00Z is its fall-back: 01:30 local happens twice).
 */
@ApiIT
class TimeZoneIT extends ApiTestSupport {

    @Autowired
    TrackingEventProjector projector;
    @Autowired
    JdbcPartnerTokens partnerTokens;
    @Autowired
    JdbcTemplate jdbc;

    private TestSystem system;

    @BeforeEach
    void givenASystem() {
        system = aSystem();
        System.out.println("[time zone] the JVM runs in " + TimeZone.getDefault().getID());
    }

    @Test
    void cutsHoursAndDaysInUtcAcrossADaylightSavingChange() {
        // 05:30Z and 06:30Z are both 01:30 in New York (EDT, then EST); 03:10Z and 03:50Z are 08:40 and 09:20 in Kolkata
        ingest("u-1", "2026-11-01T03:10:00Z");
        ingest("u-2", "2026-11-01T03:50:00Z");
        ingest("u-3", "2026-11-01T05:30:00Z");
        ingest("u-4", "2026-11-01T06:30:00Z");
        ingest("u-5", "2026-10-31T23:30:00Z");   // the day before, in UTC; the same local day in New York
        projector.projectAvailable();

        JsonNode hourly = statistics("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "HOUR");
        assertThat(hourly.get("totalEvents").asLong()).isEqualTo(4);
        assertThat(hourly.get("uniqueUsers").asLong()).isEqualTo(4);
        assertThat(series(hourly)).containsExactly(Map.entry("2026-11-01T03:00:00Z", 2L),
                Map.entry("2026-11-01T05:00:00Z", 1L), Map.entry("2026-11-01T06:00:00Z", 1L));

        JsonNode oneHour = statistics("2026-11-01T03:00:00Z", "2026-11-01T04:00:00Z", "HOUR");
        assertThat(oneHour.get("totalEvents").asLong()).isEqualTo(2);
        assertThat(oneHour.get("uniqueUsers").asLong()).isEqualTo(2);

        JsonNode fallBackHours = statistics("2026-11-01T05:00:00Z", "2026-11-01T07:00:00Z", "HOUR");
        assertThat(fallBackHours.get("totalEvents").asLong()).isEqualTo(2);
        assertThat(fallBackHours.get("uniqueUsers").asLong()).isEqualTo(2);

        JsonNode daily = statistics("2026-10-31T00:00:00Z", "2026-11-03T00:00:00Z", "DAY");
        assertThat(series(daily)).containsExactly(Map.entry("2026-10-31T00:00:00Z", 1L),
                Map.entry("2026-11-01T00:00:00Z", 4L));
        assertThat(daily.get("uniqueUsers").asLong()).isEqualTo(5);

        // 2026-11-01 is a Sunday: its ISO week began on Monday 2026-10-26, with 2026-10-31's
        JsonNode weekly = statistics("2026-10-25T00:00:00Z", "2026-11-03T00:00:00Z", "WEEK");
        assertThat(series(weekly)).containsExactly(Map.entry("2026-10-26T00:00:00Z", 5L));
        JsonNode monthly = statistics("2026-10-25T00:00:00Z", "2026-11-03T00:00:00Z", "MONTH");
        assertThat(series(monthly)).containsExactly(Map.entry("2026-10-01T00:00:00Z", 1L),
                Map.entry("2026-11-01T00:00:00Z", 4L));

        JsonNode page = body(getAsAdmin("/api/events/partner/" + system.partnerId()
                + "?from=2026-11-01T05:30:00Z&to=2026-11-01T06:30:00Z"));
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("items").get(0).get("eventTimestamp").asString()).isEqualTo("2026-11-01T05:30:00Z");
    }

    /** A partner token's last use goes through a batched array write: the instant stored is the instant used. */
    @Test
    void keepsAPartnerTokensLastUseAsTheInstantItHappened() {
        String tokenId = body(postAsAdmin("/api/partners/" + system.partnerId() + "/tokens", "{\"name\":\"admin\"}"))
                .get("id").asString();
        Instant usedAt = Instant.parse("2026-11-01T05:30:00.123456Z");   // 01:30 in New York, the first time

        partnerTokens.markUsed(UUID.fromString(tokenId), usedAt);
        partnerTokens.writeUses();

        assertThat(jdbc.queryForObject("select last_used_at = ?::timestamptz from write.partner_tokens where id = ?::uuid",
                Boolean.class, usedAt.toString(), tokenId)).isTrue();
        JsonNode listed = body(getAsAdmin("/api/partners/{p}/tokens", system.partnerId())).get(0);
        assertThat(listed.get("lastUsedAt").asString()).isEqualTo("2026-11-01T05:30:00.123456Z");
    }

    private void ingest(String userId, String timestamp) {
        assertThat(postWithKey("/api/events/ingest", system.apiKey(), "{\"eventName\":\"Tick\",\"userId\":\"" + userId
                + "\",\"timestamp\":\"" + timestamp + "\"}")).hasStatus(HttpStatus.ACCEPTED);
    }

    private JsonNode statistics(String from, String to, String interval) {
        var answer = getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?from=" + from + "&to=" + to
                + "&interval=" + interval);
        assertThat(answer).hasStatusOk();
        return body(answer);
    }

    private static Map<String, Long> series(JsonNode statistics) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        statistics.get("timeSeries").forEach(bucket ->
                buckets.put(bucket.get("bucketStart").asString(), bucket.get("count").asLong()));
        return buckets;
    }
}
