package com.volcanion.tracking.api.query;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.application.query.TimeInterval;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Funnels, retention and sessions against a plain reference computed here from the events as sent, on generated
 * input: persons browsing anonymously before they identify (some identify calls arrive after the events they make
 * the person's), two systems, events sent out of order in batches of random sizes, and times placed on the edges the
 * rules name: exactly a window after an entry, exactly the inactivity after the previous event (and a microsecond
 * more), on Mondays and first days of months at 00:00 UTC, at the range's bounds, at the same microsecond as another
 * event. Every endpoint is asked questions drawn from the same seed (step lists with repeated names, systems, windows,
 * periods, intervals, ranges that start or end on an event). Each run draws a new seed, printed;
 * {@code -Dtracking.generated.seed=N} replays one.
 */
@ApiIT
class AnalyticsIT extends ApiTestSupport {

    private static final String[] NAMES = {"Viewed Page", "Added To Cart", "Checked Out", "Logged In"};
    /** A Monday, 00:00 UTC, and the first day of a month. */
    private static final Instant BASE = Instant.parse("2026-06-01T00:00:00Z");
    private static final List<Duration> WINDOWS = List.of(Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(7));
    private static final List<Duration> INACTIVITIES = List.of(Duration.ofMinutes(30), Duration.ofHours(1));

    @Autowired
    TrackingEventProjector projector;
    @Autowired
    JdbcTemplate jdbc;

    private record Event(int system, String userId, String anonymousId, String name, Instant at) {
    }

    @RepeatedTest(3)
    void everyAnswerEqualsTheReferenceComputedFromTheEventsAsSent() {
        long seed = Long.getLong("tracking.generated.seed", System.nanoTime());
        System.out.println("[generated input] seed " + seed);
        Random random = new Random(seed);
        String partnerId = createPartner();
        List<JsonNode> systems = List.of(createSystem(partnerId), createSystem(partnerId));

        // persons: users u-i, each with 0..2 anonymous ids it browsed under; visitors v-k that never identify
        Map<String, List<String>> anonymousIdsOf = new LinkedHashMap<>();
        for (int i = 0; i < 25; i++) {
            String user = "u-" + i;
            List<String> anonymous = new ArrayList<>();
            for (int j = random.nextInt(3); j > 0; j--) {
                anonymous.add("a-" + i + "-" + j);
            }
            anonymousIdsOf.put(user, anonymous);
        }
        // "visit": a next event within the inactivity, so that sessions last all kinds of durations (and medians differ)
        List<String> edges = new ArrayList<>(List.of("window", "inactivity", "inactivity+1", "same", "monday", "month"));
        edges.addAll(Collections.nCopies(9, "visit"));
        List<Event> events = new ArrayList<>();
        Map<String, Instant> lastAtOf = new HashMap<>();
        for (int n = 0; n < 700; n++) {
            String user = "u-" + random.nextInt(25);
            List<String> anonymous = anonymousIdsOf.get(user);
            String userId = null;
            String anonymousId = null;
            switch (random.nextInt(5)) {
                case 0 -> anonymousId = "v-" + random.nextInt(8);
                case 1, 2 -> anonymousId = anonymous.isEmpty() ? "v-" + random.nextInt(8)
                        : anonymous.get(random.nextInt(anonymous.size()));
                case 3 -> {
                    userId = user;
                    anonymousId = anonymous.isEmpty() ? null : anonymous.get(random.nextInt(anonymous.size()));
                }
                default -> userId = user;
            }
            String visitor = anonymousId != null ? anonymousId : userId;
            Instant previous = lastAtOf.get(visitor);
            Instant at;
            if (previous != null && random.nextInt(5) > 0) {   // an edge measured from the visitor's last event
                at = switch (edges.get(random.nextInt(edges.size()))) {
                    case "window" -> previous.plus(WINDOWS.get(random.nextInt(WINDOWS.size())));
                    case "inactivity" -> previous.plus(INACTIVITIES.get(random.nextInt(INACTIVITIES.size())));
                    case "inactivity+1" -> previous.plus(INACTIVITIES.get(random.nextInt(INACTIVITIES.size())))
                            .plus(1, ChronoUnit.MICROS);
                    case "same" -> previous;
                    case "visit" -> previous.plusSeconds(1 + random.nextInt(1799)).plusNanos(random.nextInt(1000) * 1000L);
                    case "monday" -> TimeInterval.WEEK.plus(TimeInterval.WEEK.bucketOf(previous), 1);
                    default -> TimeInterval.MONTH.plus(TimeInterval.MONTH.bucketOf(previous), 1);
                };
                at = at.isAfter(BASE.plus(Duration.ofDays(120))) ? previous.minus(Duration.ofMinutes(random.nextInt(90))) : at;
            } else {
                at = BASE.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 100))).plusNanos(random.nextInt(1000) * 1000L);
            }
            lastAtOf.put(visitor, at);
            events.add(new Event(random.nextInt(2), userId, anonymousId, NAMES[random.nextInt(NAMES.length)], at));
        }
        // each user identifies with each of its anonymous ids, at a time of its own: the links apply to earlier events
        Map<String, String> linkOf = new HashMap<>();
        anonymousIdsOf.forEach((user, anonymous) -> anonymous.forEach(a -> {
            linkOf.put(a, user);
            events.add(new Event(random.nextInt(2), user, a, "$identify",
                    BASE.plus(Duration.ofMinutes(random.nextInt(60 * 24 * 100)))));
        }));

        List<Map<String, Object>> callsOf = new ArrayList<>();
        for (int n = 0; n < events.size(); n++) {
            Event event = events.get(n);
            Map<String, Object> call = new LinkedHashMap<>();
            call.put("type", event.name().equals("$identify") ? "identify" : "track");
            if (!event.name().equals("$identify")) {
                call.put("event", event.name());
            }
            call.put("messageId", "m-" + n);
            call.put("timestamp", event.at().toString());
            if (event.userId() != null) {
                call.put("userId", event.userId());
            }
            if (event.anonymousId() != null) {
                call.put("anonymousId", event.anonymousId());
            }
            callsOf.add(call);
        }
        // out of order, projected a chunk at a time: the kept sessions merge events arriving before, between and after
        // those of the sessions already kept, and late identify calls link events projected long before
        List<Integer> order = new ArrayList<>();
        for (int n = 0; n < events.size(); n++) {
            order.add(n);
        }
        Collections.shuffle(order, random);
        for (int chunk = 0; chunk < order.size(); chunk += 60) {
            for (int system = 0; system < 2; system++) {
                List<Map<String, Object>> calls = new ArrayList<>();
                for (int n : order.subList(chunk, Math.min(order.size(), chunk + 60))) {
                    if (events.get(n).system() == system) {
                        calls.add(callsOf.get(n));
                    }
                }
                sendSegmentBatches(systems.get(system).get("apiKey").asString(), calls, random);
            }
            projector.projectAvailable();
        }

        assertThat(jdbc.queryForObject(SESSION_STATS_NOT_OF_THE_SESSIONS, Long.class, partnerId, partnerId))
                .as("the sums kept beside the sessions").isZero();
        Reference reference = new Reference(events, linkOf);
        List<String> systemIds = new ArrayList<>(List.of(systems.get(0).get("id").asString(),
                systems.get(1).get("id").asString()));
        for (int question = 0; question < 12; question++) {
            Integer system = random.nextInt(3) == 0 ? random.nextInt(2) : null;
            Instant[] range = range(random, events);
            String systemParameter = system == null ? "" : "&systemId=" + systemIds.get(system);

            // a funnel of 2..4 steps, names may repeat
            List<String> steps = new ArrayList<>();
            for (int k = 2 + random.nextInt(3); k > 0; k--) {
                steps.add(random.nextInt(8) == 0 ? "$identify" : NAMES[random.nextInt(NAMES.length)]);
            }
            Duration window = WINDOWS.get(random.nextInt(WINDOWS.size()));
            String funnelUrl = "/api/analytics/partners/" + partnerId + "/funnel?from=" + range[0] + "&to=" + range[1]
                    + "&window=" + window + systemParameter + steps.stream().map(step -> "&step=" + encode(step))
                    .collect(Collectors.joining());
            JsonNode funnel = answer(funnelUrl);
            List<long[]> expectedFunnel = reference.funnel(system, range[0], range[1], steps, window);
            List<Double> expectedMedians = reference.funnelMedians;
            for (int k = 0; k < steps.size(); k++) {
                JsonNode step = funnel.get("steps").get(k);
                assertThat(step.get("eventName").asString()).isEqualTo(steps.get(k));
                assertThat(step.get("persons").asLong()).as(funnelUrl + " step " + k).isEqualTo(expectedFunnel.get(k)[0]);
                Double median = expectedMedians.get(k);
                if (median == null) {
                    assertThat(step.get("medianSecondsFromPrevious").isNull()).as(funnelUrl + " median " + k).isTrue();
                } else {
                    assertThat(step.get("medianSecondsFromPrevious").asDouble()).as(funnelUrl + " median " + k)
                            .isCloseTo(median, within(1e-6));
                }
                long first = expectedFunnel.getFirst()[0];
                long before = expectedFunnel.get(Math.max(0, k - 1))[0];
                assertThat(step.get("conversionFromFirst").asDouble()).isCloseTo(
                        k == 0 ? 1 : first == 0 ? 0 : (double) expectedFunnel.get(k)[0] / first, within(1e-12));
                assertThat(step.get("conversionFromPrevious").asDouble()).isCloseTo(
                        k == 0 ? 1 : before == 0 ? 0 : (double) expectedFunnel.get(k)[0] / before, within(1e-12));
            }

            // retention
            TimeInterval period = List.of(TimeInterval.DAY, TimeInterval.WEEK, TimeInterval.MONTH).get(random.nextInt(3));
            int periods = 1 + random.nextInt(8);
            String start = NAMES[random.nextInt(NAMES.length)];
            String back = random.nextInt(4) == 0 ? start : NAMES[random.nextInt(NAMES.length)];
            Instant[] cohortRange = period == TimeInterval.DAY ? range(random, events, Duration.ofDays(60)) : range;
            String retentionUrl = "/api/analytics/partners/" + partnerId + "/retention?startEvent=" + encode(start)
                    + "&returnEvent=" + encode(back) + "&period=" + period + "&periods=" + periods + "&from="
                    + cohortRange[0] + "&to=" + cohortRange[1] + systemParameter;
            JsonNode retention = answer(retentionUrl);
            Map<Instant, List<Long>> expectedCohorts = reference.retention(system, cohortRange[0], cohortRange[1], start,
                    back, period, periods);
            Map<Instant, List<Long>> cohorts = new LinkedHashMap<>();
            retention.get("cohorts").forEach(cohort -> {
                List<Long> returned = new ArrayList<>();
                cohort.get("returned").forEach(count -> returned.add(count.asLong()));
                assertThat(cohort.get("size").asLong()).isEqualTo(returned.getFirst());
                cohorts.put(Instant.parse(cohort.get("cohortStart").asString()), returned);
            });
            assertThat(cohorts).as(retentionUrl).containsExactlyEntriesOf(expectedCohorts);

            // sessions
            Duration inactivity = INACTIVITIES.get(random.nextInt(INACTIVITIES.size()));
            TimeInterval interval = List.of(TimeInterval.HOUR, TimeInterval.DAY, TimeInterval.WEEK).get(random.nextInt(3));
            Instant[] sessionRange = interval == TimeInterval.HOUR ? range(random, events, Duration.ofDays(10)) : range;
            String sessionsUrl = "/api/analytics/partners/" + partnerId + "/sessions?from=" + sessionRange[0] + "&to="
                    + sessionRange[1] + "&interval=" + interval + "&inactivity=" + inactivity + systemParameter;
            JsonNode sessions = answer(sessionsUrl);
            Reference.Sessions expected = reference.sessions(system, sessionRange[0], sessionRange[1], interval, inactivity);
            assertThat(sessions.get("sessions").asLong()).as(sessionsUrl).isEqualTo(expected.count());
            Map<Instant, Long> series = new LinkedHashMap<>();
            sessions.get("timeSeries").forEach(bucket -> series.put(Instant.parse(bucket.get("bucketStart").asString()),
                    bucket.get("sessions").asLong()));
            assertThat(series).as(sessionsUrl).containsExactlyEntriesOf(expected.series());
            assertClose(sessions.get("averageDurationSeconds"), expected.averageSeconds(), sessionsUrl);
            assertClose(sessions.get("medianDurationSeconds"), expected.medianSeconds(), sessionsUrl);
            assertClose(sessions.get("averageEventsPerSession"), expected.averageEvents(), sessionsUrl);
            assertClose(sessions.get("bounceRate"), expected.bounceRate(), sessionsUrl);
        }
    }

    /**
     * Sums that disagree with the sessions (a node of the version before V13 wrote sessions after it ran): the question
     * still answers, its median computed from the sessions themselves rather than a 500 from a bin that is not there.
     */
    @Test
    void sessionSumsThatDisagreeWithTheSessionsStillGiveTheExactMedian() {
        String partnerId = createPartner();
        String apiKey = createSystem(partnerId).get("apiKey").asString();
        List<Map<String, Object>> calls = new ArrayList<>();
        long[][] sessions = {{0}, {0, 60}, {0, 600}};   // one visitor's sessions of 0, 60 and 600 seconds, a day apart
        for (int day = 0; day < sessions.length; day++) {
            for (long second : sessions[day]) {
                calls.add(Map.of("type", "track", "event", "E", "messageId", "d-" + calls.size(), "anonymousId", "v",
                        "timestamp", BASE.plus(Duration.ofDays(day)).plusSeconds(second).toString()));
            }
        }
        sendSegmentBatches(apiKey, calls, new Random(1));
        projector.projectAvailable();
        jdbc.update("update read.session_stats set sessions = sessions + 2 where partner_id = ?::uuid and duration_bin > 0",
                partnerId);

        JsonNode answer = answer("/api/analytics/partners/" + partnerId + "/sessions?from=" + BASE + "&to="
                + BASE.plus(Duration.ofDays(3)) + "&interval=DAY");

        assertThat(answer.get("medianDurationSeconds").asDouble()).isEqualTo(60.0);
    }

    /**
     * A cached funnel is dropped when the projector carries a new identity link (not only when it expires): the
     * anonymous visitor who did step 1 becomes the user who did step 2.
     */
    @Test
    void aNewIdentityLinkChangesACachedFunnelAtOnce() {
        String partnerId = createPartner();
        String apiKey = createSystem(partnerId).get("apiKey").asString();
        Instant at = Instant.parse("2026-07-01T10:00:00Z");
        sendSegmentBatches(apiKey, List.of(
                Map.of("type", "track", "event", "Viewed Page", "anonymousId", "anon-1", "timestamp", at.toString()),
                Map.of("type", "track", "event", "Checked Out", "userId", "ada", "timestamp", at.plusSeconds(60).toString())),
                new Random(1));
        projector.projectAvailable();
        String url = "/api/analytics/partners/" + partnerId + "/funnel?step=Viewed%20Page&step=Checked%20Out"
                + "&from=2026-07-01T00:00:00Z&to=2026-07-02T00:00:00Z";
        assertThat(answer(url).get("steps").get(1).get("persons").asLong()).isZero();
        assertThat(answer(url).get("steps").get(1).get("persons").asLong()).as("cached").isZero();

        sendSegmentBatches(apiKey, List.of(Map.of("type", "identify", "userId", "ada", "anonymousId", "anon-1",
                "timestamp", at.plusSeconds(120).toString())), new Random(1));
        projector.projectAvailable();
        JsonNode after = answer(url).get("steps").get(1);
        assertThat(after.get("persons").asLong()).isEqualTo(1);
        assertThat(after.get("medianSecondsFromPrevious").asDouble()).isEqualTo(60.0);
    }

    @Test
    void refusesBadQuestionsNamingTheField() {
        String partnerId = createPartner();
        String base = "/api/analytics/partners/" + partnerId;
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put(base + "/funnel?step=A", "step");
        refused.put(base + "/funnel", "step");
        refused.put(base + "/funnel?step=A&step=" + "B&step=".repeat(10) + "C", "step");
        refused.put(base + "/funnel?step=A&step=%20", "step");
        refused.put(base + "/funnel?step=A,B", "step");   // one step named "A,B", not two
        refused.put(base + "/funnel?step=A&step=B&window=PT0S", "window");
        refused.put(base + "/funnel?step=A&step=B&window=-P1D", "window");
        refused.put(base + "/funnel?step=A&step=B&window=P90DT1S", "window");
        refused.put(base + "/funnel?step=A&step=B&window=fortnight", "window");
        refused.put(base + "/funnel?step=A&step=B&from=2026-07-02T00:00:00Z&to=2026-07-01T00:00:00Z", "from");
        refused.put(base + "/retention?startEvent=A&returnEvent=B&period=HOUR", "period");
        refused.put(base + "/retention?startEvent=A&returnEvent=B&period=YEAR", "period");
        refused.put(base + "/retention?startEvent=A&returnEvent=B&periods=0", "periods");
        refused.put(base + "/retention?startEvent=A&returnEvent=B&periods=101", "periods");
        refused.put(base + "/retention?returnEvent=B", "startEvent");
        refused.put(base + "/retention?startEvent=A&returnEvent=B&period=DAY&from=1990-01-01T00:00:00Z&to=2026-01-01T00:00:00Z",
                "period");
        refused.put(base + "/sessions?interval=HOUR&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z", "interval");
        refused.put(base + "/sessions?interval=FORTNIGHT", "interval");
        refused.put(base + "/sessions?inactivity=PT0S", "inactivity");
        refused.put(base + "/sessions?inactivity=P2D", "inactivity");
        refused.forEach((url, field) -> {
            var answer = get(url);
            assertThat(answer).as(url).hasStatus(HttpStatus.BAD_REQUEST);
            assertThat(body(answer).get("errors").toString()).as(url).contains("\"field\":\"" + field + "\"");
        });
        String otherPartnersSystem = createSystem(createPartner()).get("id").asString();
        for (String question : List.of("/funnel?step=A&step=B", "/retention?startEvent=A&returnEvent=B", "/sessions?")) {
            assertThat(get(base + question + "&systemId=" + otherPartnersSystem)).hasStatus(HttpStatus.NOT_FOUND);
            assertThat(get("/api/analytics/partners/" + UUID.randomUUID() + question))
                    .hasStatus(HttpStatus.NOT_FOUND);
        }
        assertThat(get(base + "/funnel?step=A&step=B&window=P90D")).hasStatusOk();
        assertThat(answer(base + "/funnel?step=Signed%20up,%20paid&step=B").get("steps").get(0).get("eventName").asString())
                .isEqualTo("Signed up, paid");
    }

    /** The URL as written (already encoded: a template would encode its % signs again). */
    private MvcTestResult get(String url) {
        return mvc.get().uri(URI.create(url)).header("Authorization", "Bearer " + ADMIN_TOKEN).exchange();
    }

    private JsonNode answer(String url) {
        var answer = get(url);
        assertThat(answer).as(url).hasStatusOk();
        return body(answer);
    }

    private static void assertClose(JsonNode actual, Double expected, String what) {
        if (expected == null) {
            assertThat(actual.isNull()).as(what).isTrue();
        } else {
            assertThat(actual.asDouble()).as(what).isCloseTo(expected, within(1e-6));
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Instant[] range(Random random, List<Event> events) {
        return range(random, events, Duration.ofDays(200));
    }

    /** A range that starts and ends on an event's time or anywhere, at most {@code longest} long. */
    private static Instant[] range(Random random, List<Event> events, Duration longest) {
        Instant from = random.nextBoolean() ? events.get(random.nextInt(events.size())).at()
                : BASE.plus(Duration.ofHours(random.nextInt(24 * 90)));
        Instant to = switch (random.nextInt(5)) {
            case 0, 1 -> events.get(random.nextInt(events.size())).at();
            case 2 -> from.plus(Duration.ofMinutes(1 + random.nextInt(59)));   // maybe no whole hour
            default -> from.plus(Duration.ofHours(1 + random.nextInt(24 * 60)));
        };
        if (!to.isAfter(from)) {
            to = from.plus(Duration.ofDays(1 + random.nextInt(30)));
        }
        return new Instant[]{from, to.isAfter(from.plus(longest)) ? from.plus(longest) : to};
    }

    /** The rules of docs/api.md, applied to the events as sent. */
    private static final class Reference {

        private final List<Event> events;
        private final Map<String, String> linkOf;
        List<Double> funnelMedians;

        Reference(List<Event> events, Map<String, String> linkOf) {
            this.events = events;
            this.linkOf = linkOf;
        }

        private String person(Event event) {
            if (event.userId() != null) {
                return "u:" + event.userId();
            }
            String linked = linkOf.get(event.anonymousId());
            return linked != null ? "u:" + linked : "a:" + event.anonymousId();
        }

        private Map<String, List<Event>> byPerson(Integer system) {
            Map<String, List<Event>> byPerson = new TreeMap<>();
            for (Event event : events) {
                if (system == null || event.system() == system) {
                    byPerson.computeIfAbsent(person(event), p -> new ArrayList<>()).add(event);
                }
            }
            return byPerson;
        }

        List<long[]> funnel(Integer system, Instant from, Instant to, List<String> steps, Duration window) {
            long[] reached = new long[steps.size()];
            List<List<Double>> seconds = new ArrayList<>();
            steps.forEach(step -> seconds.add(new ArrayList<>()));
            for (List<Event> ofPerson : byPerson(system).values()) {
                Instant[] times = new Instant[steps.size()];
                times[0] = ofPerson.stream().filter(e -> e.name().equals(steps.getFirst()))
                        .map(Event::at).filter(at -> !at.isBefore(from) && at.isBefore(to)).min(Instant::compareTo)
                        .orElse(null);
                for (int k = 0; k < steps.size() && times[k] != null; k++) {
                    reached[k]++;
                    if (k > 0) {
                        seconds.get(k).add(ChronoUnit.MICROS.between(times[k - 1], times[k]) / 1e6);
                    }
                    if (k + 1 == steps.size()) {
                        break;
                    }
                    int next = k + 1;
                    Instant previous = times[k];
                    Instant last = times[0].plus(window);
                    int sameBefore = steps.subList(0, next).lastIndexOf(steps.get(next));
                    Instant strictlyAfter = sameBefore >= 0 ? times[sameBefore] : null;
                    times[next] = ofPerson.stream().filter(e -> e.name().equals(steps.get(next))).map(Event::at)
                            .filter(at -> !at.isBefore(previous) && !at.isAfter(last)
                                    && (strictlyAfter == null || at.isAfter(strictlyAfter)))
                            .min(Instant::compareTo).orElse(null);
                }
            }
            funnelMedians = seconds.stream().map(Reference::median).toList();
            List<long[]> answer = new ArrayList<>();
            for (long count : reached) {
                answer.add(new long[]{count});
            }
            return answer;
        }

        Map<Instant, List<Long>> retention(Integer system, Instant from, Instant to, String start, String back,
                                           TimeInterval period, int periods) {
            Map<Instant, List<Long>> cohorts = new LinkedHashMap<>();
            for (Instant cohort = period.bucketOf(from); cohort.isBefore(to); cohort = period.plus(cohort, 1)) {
                cohorts.put(cohort, new ArrayList<>(Collections.nCopies(periods, 0L)));
            }
            for (List<Event> ofPerson : byPerson(system).values()) {
                Instant first = ofPerson.stream().filter(e -> e.name().equals(start)).map(Event::at)
                        .filter(at -> !at.isBefore(from) && at.isBefore(to)).min(Instant::compareTo).orElse(null);
                if (first == null) {
                    continue;
                }
                Instant cohort = period.bucketOf(first);
                List<Long> row = cohorts.get(cohort);
                row.set(0, row.getFirst() + 1);
                ofPerson.stream().filter(e -> e.name().equals(back))
                        .map(e -> period.between(cohort, period.bucketOf(e.at())))
                        .filter(k -> k >= 1 && k < periods).distinct()
                        .forEach(k -> row.set(k.intValue(), row.get(k.intValue()) + 1));
            }
            return cohorts;
        }

        record Sessions(long count, Map<Instant, Long> series, Double averageSeconds, Double medianSeconds,
                        Double averageEvents, Double bounceRate) {
        }

        Sessions sessions(Integer system, Instant from, Instant to, TimeInterval interval, Duration inactivity) {
            Map<String, List<Instant>> byVisitor = new HashMap<>();
            for (Event event : events) {
                if (system == null || event.system() == system) {
                    byVisitor.computeIfAbsent(event.anonymousId() != null ? event.anonymousId() : event.userId(),
                            v -> new ArrayList<>()).add(event.at());
                }
            }
            Map<Instant, Long> series = new LinkedHashMap<>();
            for (Instant bucket = interval.bucketOf(from); bucket.isBefore(to); bucket = interval.plus(bucket, 1)) {
                series.put(bucket, 0L);
            }
            List<Double> durations = new ArrayList<>();
            long eventsInSessions = 0;
            long bounces = 0;
            for (List<Instant> times : byVisitor.values()) {
                Collections.sort(times);
                int first = 0;
                for (int i = 1; i <= times.size(); i++) {
                    if (i == times.size() || Duration.between(times.get(i - 1), times.get(i)).compareTo(inactivity) > 0) {
                        Instant start = times.get(first);
                        if (!start.isBefore(from) && start.isBefore(to)) {
                            series.merge(interval.bucketOf(start), 1L, Long::sum);
                            durations.add(ChronoUnit.MICROS.between(start, times.get(i - 1)) / 1e6);
                            eventsInSessions += i - first;
                            bounces += i - first == 1 ? 1 : 0;
                        }
                        first = i;
                    }
                }
            }
            long count = durations.size();
            return new Sessions(count, series,
                    count == 0 ? null : durations.stream().mapToDouble(Double::doubleValue).sum() / count,
                    median(durations), count == 0 ? null : (double) eventsInSessions / count,
                    count == 0 ? null : (double) bounces / count);
        }

        private static Double median(List<Double> values) {
            if (values.isEmpty()) {
                return null;
            }
            List<Double> sorted = values.stream().sorted().toList();
            int middle = sorted.size() / 2;
            return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
        }
    }
}
