package com.volcanion.tracking.api.query;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.api.EventJson;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static com.volcanion.tracking.api.EventJson.anEvent;
import static com.volcanion.tracking.api.EventJson.batchOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The projector's hazards (docs/architecture.md), the query API and statistics, on the real PostgreSQL and Redis. */
@ApiIT
class ReadSideIT extends ApiTestSupport {

    @Autowired
    TrackingEventProjector projector;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private TestSystem system;

    @BeforeEach
    void givenASystem() {
        system = aSystem();
        projector.projectAvailable();
    }

    @Test
    void projectsEventsWithNamesAndPagesThemNewestFirst() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofHours(1));
        for (int i = 0; i < 25; i++) {
            ingest(anEvent(i % 2 == 0 ? "Even" : "Odd").userId("u-" + (i % 5)).timestamp(base.plusSeconds(i))
                    .property("i", i).json());
        }
        projector.projectAvailable();

        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        do {
            var page = body(getAsAdmin("/api/events/partner-system/" + system.systemId() + "?limit=10"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            page.get("items").forEach(all::add);
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(all).hasSize(25);
        assertThat(all.getFirst().get("properties").get("i").asInt()).isEqualTo(24);
        assertThat(all.getLast().get("properties").get("i").asInt()).isEqualTo(0);
        assertThat(all.getFirst().get("partnerName").asString()).isEqualTo("Acme");
        assertThat(all.getFirst().get("systemName").asString()).isEqualTo("Web shop");
        assertThat(all.getFirst().has("correlationId")).isTrue();
        assertThat(all.getFirst().get("validationErrors").isArray()).isTrue();

        assertThat(body(getAsAdmin("/api/events/partner/" + system.partnerId() + "?eventName=Even&limit=1000")).get("items")).hasSize(13);
        assertThat(body(getAsAdmin("/api/events/partner/" + system.partnerId() + "?userId=u-0")).get("items")).hasSize(5);
        assertThat(body(getAsAdmin("/api/events/partner/" + system.partnerId() + "?valid=false")).get("items")).isEmpty();
        var headersAreNotFilters = mvc.get().uri("/api/events/partner/" + system.partnerId())
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Limit", "1").header("Valid", "false")
                .header("EventName", "Odd").header("Cursor", "garbage").exchange();
        assertThat(body(headersAreNotFilters).get("items")).as("only the query string filters").hasSize(25);
        assertThat(body(getAsAdmin("/api/events/partner/" + system.partnerId() + "?from=" + base.plusSeconds(20) + "&to="
                + base.plusSeconds(22))).get("items")).hasSize(2);
    }

    @Test
    void refusesBadQueryParametersAndUnknownIds() {
        assertThat(getAsAdmin("/api/events/partner/" + system.partnerId() + "?cursor=garbage")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(getAsAdmin("/api/events/partner/" + system.partnerId() + "?limit=0")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(getAsAdmin("/api/events/partner/" + system.partnerId() + "?limit=1001")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(getAsAdmin("/api/events/partner/" + system.partnerId() + "?from=yesterday&limit=ten&valid=maybe"))
                .get("errors").toString())
                .contains("{\"field\":\"from\",\"message\":\"must be an ISO-8601 date-time with offset\"}")
                .contains("{\"field\":\"limit\",\"message\":\"must be a number\"}")
                .contains("{\"field\":\"valid\",\"message\":\"must be true or false\"}");
        assertThat(getAsAdmin("/api/events/partner/" + UUID.randomUUID())).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/events/partner-system/" + UUID.randomUUID())).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/statistics/partners/" + UUID.randomUUID())).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?interval=YEAR")).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(body(getAsAdmin("/api/statistics/partners/" + system.partnerId()
                + "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&interval=DAY")).get("errors").toString())
                .as("all time by day is 36,525 buckets: the 400 names the interval that fits")
                .contains("\"field\":\"interval\"").contains("use interval WEEK");
        assertThat(getAsAdmin("/api/statistics/partners/" + system.partnerId()
                + "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&interval=WEEK")).hasStatusOk();
        assertThat(getAsAdmin("/api/statistics/partners/" + system.partnerId()
                + "?from=0001-01-01T00:00:00Z&to=2700-01-01T00:00:00Z&interval=MONTH")).hasStatusOk();
        assertThat(getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?systemId=" + UUID.randomUUID()))
                .hasStatus(HttpStatus.NOT_FOUND);
        assertThat(getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?eventName=")).as("not every name: a 400")
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z"))
                .hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/api/events/partner/" + system.partnerId()).exchange()).hasStatus(HttpStatus.UNAUTHORIZED);
    }

    /**
     * Hazard 1: a transaction that commits late must not be skipped; and while it is open, events
     * committed after it began are projected all the same.
     */
    @Test
    void neverSkipsAnEventWhoseTransactionCommitsLate() throws Exception {
        var endpoints = TestServers.endpoints();
        String heldId = UUID.randomUUID().toString();
        try (Connection held = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password())) {
            held.setAutoCommit(false);
            try (Statement statement = held.createStatement()) {
                statement.execute("insert into write.tracking_events (id, partner_id, partner_system_id, message_id, "
                        + "event_name, event_timestamp, received_at, properties, valid) values ('" + heldId
                        + "', '" + system.partnerId() + "', '" + system.systemId() + "', 'held', 'Held', now(), now(), '{}', true)");
            }
            for (int i = 0; i < 3; i++) {
                ingest("{\"messageId\":\"later-" + i + "\",\"eventName\":\"Later\"}");
            }
            projector.projectAvailable();
            assertThat(readModelIds()).as("the later events are projected; the open one is not visible yet")
                    .hasSize(3).doesNotContain(heldId);

            held.commit();
        }
        projector.projectAvailable();

        assertThat(readModelIds()).hasSize(4).isEqualTo(writeIds());
    }

    /** Decision 19: pg_snapshot_xmin is cluster-wide; an open transaction in another database must not matter. */
    @Test
    void aTransactionHeldOpenInAnotherDatabaseNeverHoldsProjectionBack() throws Exception {
        var endpoints = TestServers.endpoints();
        String database = jdbc.queryForObject("select current_database()", String.class);
        String other = "other_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("create database " + other);
        try (Connection held = DriverManager.getConnection(
                endpoints.jdbcUrl().replaceFirst("/" + database + "(\\?|$)", "/" + other + "$1"),
                endpoints.username(), endpoints.password())) {
            held.setAutoCommit(false);
            try (Statement statement = held.createStatement()) {
                statement.execute("select pg_current_xact_id()");   // holds a transaction id, like any writer would
            }
            projector.projectAvailable();
            for (int i = 0; i < 3; i++) {
                ingest("{\"eventName\":\"While another database waits\"}");
            }
            projector.projectAvailable();

            assertThat(readModelIds()).hasSize(3).isEqualTo(writeIds());
            assertThat(projector.measureLag()).isZero();
            held.rollback();
        } finally {
            jdbc.execute("drop database " + other + " with (force)");
        }
    }

    /** Decision 19: the lag is the age of the oldest committed event not yet projected, 0 only when none waits. */
    @Test
    void theLagIsTheAgeOfTheOldestCommittedEventNotYetProjected() throws Exception {
        projector.projectAvailable();
        assertThat(projector.measureLag()).isZero();
        assertThat(lagGauge()).isZero();

        ingest("{\"eventName\":\"Waiting\"}");
        Thread.sleep(1_100);
        assertThat(projector.measureLag()).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(lagGauge()).isGreaterThanOrEqualTo(1.0);

        projector.projectAvailable();
        assertThat(projector.measureLag()).isZero();
        assertThat(lagGauge()).isZero();
    }

    /** After a dump restored into another cluster the ids restart lower: skipping every new row would be silent. */
    @Test
    void refusesToProjectWhenTheClustersTransactionIdsAreBehindItsCursor() {
        String saved = jdbc.queryForObject("select projected_snapshot::text from read.projection_cursor", String.class);
        jdbc.update("update read.projection_cursor set projected_snapshot = '4000000000:4000000000:'");
        try {
            assertThatThrownBy(projector::projectBatch).hasMessageContaining("behind the projector's cursor");
        } finally {
            jdbc.update("update read.projection_cursor set projected_snapshot = ?::pg_snapshot", saved);
        }
    }

    private double lagGauge() {
        return meters.get("tracking.projection.lag").gauge().value();
    }

    /** Hazard 2: several nodes run the poller; one projects at a time, nothing twice. */
    @Test
    void twoProjectorsNeverProjectTheSameEventTwiceAndNeverBothRun() throws Exception {
        var endpoints = TestServers.endpoints();
        try (Connection other = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password());
             Statement statement = other.createStatement()) {
            statement.execute("select pg_advisory_lock(" + TrackingEventProjector.LOCK_KEY + ")");
            ingest("{\"eventName\":\"While locked\"}");
            assertThat(projector.projectBatch().lockAcquired()).as("another node holds the lock").isFalse();
            statement.execute("select pg_advisory_unlock(" + TrackingEventProjector.LOCK_KEY + ")");
        }

        AtomicBoolean ingesting = new AtomicBoolean(true);
        long projectedByNodes;
        try (ExecutorService nodes = Executors.newFixedThreadPool(2)) {
            List<Future<Long>> runs = new ArrayList<>();
            for (int node = 0; node < 2; node++) {
                runs.add(nodes.submit(() -> {
                    long projected = 0;
                    while (ingesting.get()) {
                        projected += projector.projectAvailable();
                    }
                    return projected + projector.projectAvailable();
                }));
            }
            for (int batch = 0; batch < 20; batch++) {
                ingest("/api/events/batch", batchOf(25, i -> anEvent("Concurrent").userId("u-" + i)));
            }
            ingesting.set(false);
            projectedByNodes = runs.get(0).get() + runs.get(1).get();
        }
        projector.projectAvailable();

        assertThat(readModelIds()).hasSize(501).isEqualTo(writeIds());
        assertThat(projectedByNodes).isLessThanOrEqualTo(501);
        assertThat(jdbc.queryForObject("select sum(event_count) from read.event_stats_hourly where partner_system_id = ?::uuid",
                Long.class, system.systemId())).as("statistics counted each event once").isEqualTo(501);
    }

    @Test
    void renamingUpdatesProjectedRowsAndLaterProjections() {
        ingest("{\"eventName\":\"Before\"}");
        projector.projectAvailable();

        patchAsAdmin("/api/partners/" + system.partnerId(), "{\"name\":\"Acme Renamed\"}");
        patchAsAdmin("/api/systems/" + system.systemId(), "{\"name\":\"Storefront\"}");
        ingest("{\"eventName\":\"After\"}");
        projector.projectAvailable();

        var items = body(getAsAdmin("/api/events/partner-system/" + system.systemId())).get("items");
        assertThat(items).hasSize(2).allSatisfy(item -> {
            assertThat(item.get("partnerName").asString()).isEqualTo("Acme Renamed");
            assertThat(item.get("systemName").asString()).isEqualTo("Storefront");
        });
    }

    @Test
    void statisticsEqualADirectCountOverTheRawEventsOnARandomDataset() {
        var second = createSystem(system.partnerId());
        String secondKey = second.get("apiKey").asString();
        putAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Purchase",
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\"]}}");
        Random random = new Random(42);
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
        String[] names = {"Page Viewed", "Purchase", "Signed Up", "Search"};
        for (int batch = 0; batch < 8; batch++) {
            String events = batchOf(100, i -> {
                EventJson event = anEvent(names[random.nextInt(4)])
                        .timestamp(start.plusSeconds(random.nextInt(3 * 24 * 3600)));
                if (random.nextInt(10) == 0) {
                    event.anonymousId("a-" + random.nextInt(50));
                } else {
                    event.userId("u-" + random.nextInt(150));
                }
                return random.nextBoolean() ? event.property("total", 1) : event;
            });
            ingest(batch % 2 == 0 ? system.apiKey() : secondKey, "/api/events/batch", events);
        }
        projector.projectAvailable();

        Instant end = start.plus(Duration.ofDays(3));
        assertStatisticsMatch(start, end, null, null);
        assertStatisticsMatch(start.plus(Duration.ofHours(5)), end.minus(Duration.ofHours(7)), null, null);
        assertStatisticsMatch(start, end, system.systemId(), null);
        assertStatisticsMatch(start.plus(Duration.ofHours(30)), start.plus(Duration.ofHours(33)), null, "Purchase");
        var daily = body(getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?from=" + start + "&to=" + end + "&interval=DAY"));
        assertThat(daily.get("timeSeries").size()).isBetween(3, 4);
    }

    /**
     * The staleness bound holds for every projection, however soon after the previous one (an earlier design skipped
     * invalidations within 10 s of each other and left the answer stale); a change to the system shows at once.
     */
    @Test
    void cachedStatisticsReflectEveryProjectedEventWithinTheStalenessBoundAndASystemChangeAtOnce() throws Exception {
        String uri = "/api/statistics/partners/" + system.partnerId();
        assertThat(body(getAsAdmin(uri)).get("totalEvents").asLong()).isZero();
        double hits = statisticsCacheHits();
        assertThat(body(getAsAdmin(uri)).get("totalEvents").asLong()).isZero();
        assertThat(statisticsCacheHits()).as("the same question again is answered from Redis").isEqualTo(hits + 1);

        for (int events = 1; events <= 2; events++) {
            ingest("{\"eventName\":\"A\"}");
            projector.projectAvailable();
            Thread.sleep(STATISTICS_MAX_STALENESS_SECONDS * 1000L);
            assertThat(body(getAsAdmin(uri)).get("totalEvents").asLong()).isEqualTo(events);
        }

        assertThat(patchAsAdmin("/api/systems/" + system.systemId(), "{\"name\":\"Renamed shop\"}")).hasStatusOk();
        assertThat(body(getAsAdmin(uri)).get("bySystem").get(0).get("systemName").asString()).isEqualTo("Renamed shop");
    }

    private double statisticsCacheHits() {
        return meters.get("tracking.cache.requests").tag("cache", "statistics").tag("result", "hit").counter().count();
    }

    private void assertStatisticsMatch(Instant from, Instant to, String systemId, String eventName) {
        var stats = body(getAsAdmin("/api/statistics/partners/" + system.partnerId() + "?from=" + from + "&to=" + to
                + (systemId == null ? "" : "&systemId=" + systemId) + (eventName == null ? "" : "&eventName=" + eventName)));
        String where = "partner_id = '" + system.partnerId() + "' and event_timestamp >= '" + from + "' and event_timestamp < '" + to + "'"
                + (systemId == null ? "" : " and partner_system_id = '" + systemId + "'")
                + (eventName == null ? "" : " and event_name = '" + eventName + "'");
        var exact = jdbc.queryForMap("select count(*) as total, count(*) filter (where not valid) as invalid, "
                + "count(distinct coalesce(user_id, anonymous_id)) as users from write.tracking_events where " + where);

        assertThat(stats.get("totalEvents").asLong()).isEqualTo(((Number) exact.get("total")).longValue());
        assertThat(stats.get("invalidEvents").asLong()).isEqualTo(((Number) exact.get("invalid")).longValue());
        assertThat(stats.get("validEvents").asLong() + stats.get("invalidEvents").asLong())
                .isEqualTo(stats.get("totalEvents").asLong());
        long users = ((Number) exact.get("users")).longValue();
        assertThat(stats.get("uniqueUsers").asLong()).isBetween(users - Math.max(2, users / 25), users + Math.max(2, users / 25));
        var byName = jdbc.queryForList("select event_name, count(*) as c from write.tracking_events where " + where
                + " group by event_name");
        for (var row : byName) {
            JsonNode found = null;
            for (JsonNode entry : stats.get("byEventName")) {
                if (entry.get("eventName").asString().equals(row.get("event_name"))) {
                    found = entry;
                }
            }
            assertThat(found).isNotNull();
            assertThat(found.get("count").asLong()).isEqualTo(((Number) row.get("c")).longValue());
        }
        long seriesTotal = 0;
        for (JsonNode bucket : stats.get("timeSeries")) {
            seriesTotal += bucket.get("count").asLong();
        }
        assertThat(seriesTotal).isEqualTo(stats.get("totalEvents").asLong());
        long systemsTotal = 0;
        for (JsonNode entry : stats.get("bySystem")) {
            systemsTotal += entry.get("count").asLong();
            assertThat(entry.get("systemName").asString()).isNotBlank();
        }
        assertThat(systemsTotal).isEqualTo(stats.get("totalEvents").asLong());
    }

    private void ingest(String body) {
        ingest(system.apiKey(), "/api/events/ingest", body);
    }

    private void ingest(String uri, String body) {
        ingest(system.apiKey(), uri, body);
    }

    private void ingest(String key, String uri, String body) {
        var result = postWithKey(uri, key, body);
        assertThat(result.getResponse().getStatus()).isIn(200, 202);
    }

    private Set<String> readModelIds() {
        return new HashSet<>(jdbc.queryForList("select tracking_event_id::text from read.tracking_events_read_model "
                + "where partner_system_id = ?::uuid", String.class, system.systemId()));
    }

    private Set<String> writeIds() {
        return new HashSet<>(jdbc.queryForList("select id::text from write.tracking_events where partner_system_id = ?::uuid",
                String.class, system.systemId()));
    }
}
