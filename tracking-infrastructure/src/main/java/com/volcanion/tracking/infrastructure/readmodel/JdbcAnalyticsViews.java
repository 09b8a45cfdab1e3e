package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.application.analytics.AnalyticsViews;
import com.volcanion.tracking.application.analytics.FunnelQuery;
import com.volcanion.tracking.application.analytics.FunnelView;
import com.volcanion.tracking.application.analytics.RetentionQuery;
import com.volcanion.tracking.application.analytics.RetentionView;
import com.volcanion.tracking.application.analytics.SessionsQuery;
import com.volcanion.tracking.application.analytics.SessionsView;
import com.volcanion.tracking.application.query.TimeInterval;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Funnels, retention and sessions computed by PostgreSQL from the read model, exactly. Funnels and retention read
 * only the events of the names asked about (through the covering index on partner, event name and time) and resolve
 * each event's person through {@code read.identity_links} as they read it: an event with a userId is that user's; an
 * event with only an anonymousId is the linked user's, else the anonymousId's own person. Sessions of the default
 * inactivity are kept by the projector ({@link SessionIslands}: {@code read.sessions} and their sums per hour and
 * duration bin, {@code read.session_stats}); those of another inactivity are computed from every event of the range
 * (and of the inactivity before it, which decide whether an event starts a session). Every question reads through
 * {@link ReadDatabase}: from the read replica when one is configured and usable, else from the primary.
 */
@Repository
public class JdbcAnalyticsViews implements AnalyticsViews {

    private static final Logger log = LoggerFactory.getLogger(JdbcAnalyticsViews.class);

    /**
     * The events of one name in [?, ?) with their person, for the partner bound first; a system filter is appended.
     * Each step of a question reads its own name's range of the index (no shared list of every step's events).
     */
    private static final String PERSONS_EVENTS = """
            select case when r.user_id is not null then 'u:' || r.user_id
                        when l.user_id is not null then 'u:' || l.user_id
                        else 'a:' || r.anonymous_id end as person,
                   r.event_timestamp as at
            from read.tracking_events_read_model r
            left join read.identity_links l
              on r.user_id is null and l.partner_id = r.partner_id and l.anonymous_id = r.anonymous_id
            where r.partner_id = ? and r.event_name = ? and r.event_timestamp >= ? and r.event_timestamp < ?
              and (r.user_id is not null or r.anonymous_id is not null)
            """;

    /** The sessions starting in [?, ?) of a partner's system, as rows of {@code read.session_stats}. */
    private static final String SESSIONS_STARTING = """

                    select date_trunc('hour', first_at, 'UTC'), read.session_duration_bin(read.session_micros(first_at, last_at)),
                           1, read.session_micros(first_at, last_at), events, case when events = 1 then 1 else 0 end
                    from read.sessions where partner_id = ? and partner_system_id = ? and first_at >= ? and first_at < ?
            """;

    private final ReadDatabase reads;
    private volatile Long[] durationBounds;

    JdbcAnalyticsViews(ReadDatabase reads) {
        this.reads = reads;
    }

    /** A read-only transaction on the source; repeatable read: a sessions answer reads the sums, then one bin's sessions. */
    private static TransactionTemplate readOnly(ReadDatabase.Source source) {
        TransactionTemplate readOnly = new TransactionTemplate(source.transactions());
        readOnly.setReadOnly(true);
        readOnly.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return readOnly;
    }

    /**
     * Runs the statement in a read-only transaction that forbids nested loops and sorts: PostgreSQL cannot estimate
     * how many rows a funnel step keeps (a CTE has no statistics), guesses one, and would then join each person of a
     * step with every event of the next (measured: 7.9 s instead of 47 ms on 100,000 events), or group persons by
     * sorting them (a third slower than hashing, measured at 1 M events). Hash joins and hash aggregates on the
     * person are what these questions need whatever the estimates. No JIT: the estimated costs of a question over
     * millions of events pass its thresholds, and compiling the plan cost more than it saved (+0.8 s measured at 1 M
     * events with the compilation forced). Parallel plans are costed as free to start and to gather from: PostgreSQL's
     * defaults kept each step's index read on one core (a 3-step funnel at 10 M events: 1.25 s, 0.98 s in parallel).
     */
    private static void query(ReadDatabase.Source source, String sql, RowCallbackHandler rows, Object... parameters) {
        readOnly(source).executeWithoutResult(status -> {
            source.jdbc().execute("set local enable_nestloop = off; set local enable_sort = off; set local jit = off; "
                    + "set local work_mem = '128MB'; set local parallel_setup_cost = 0; set local parallel_tuple_cost = 0");
            source.jdbc().query(sql, rows, parameters);
        });
    }

    @Override
    public FunnelView funnel(FunnelQuery query) {
        return reads.read(source -> funnel(source, query));
    }

    private static FunnelView funnel(ReadDatabase.Source source, FunnelQuery query) {
        List<String> steps = query.steps();
        List<Object> parameters = new ArrayList<>();
        StringBuilder sql = new StringBuilder("with step1 as (select person, min(at) as t1 from (")
                .append(personsEvents(query.partnerId(), steps.getFirst(), query.from(), query.to(), query.systemId(), parameters))
                .append(") e group by person)");
        // a later step's event is at most a window after the first step's, which is before the range's end
        Instant lastStepEnd = query.to().plus(query.window()).plusNanos(1000);
        long windowMicros = query.window().toNanos() / 1000;
        for (int k = 2; k <= steps.size(); k++) {
            String carried = carried(k - 1);
            sql.append(",\nstep").append(k).append(" as (select ").append(carried).append(", min(e.at) as t").append(k)
                    .append(" from step").append(k - 1).append(" s join (")
                    .append(personsEvents(query.partnerId(), steps.get(k - 1), query.from(), lastStepEnd, query.systemId(), parameters))
                    .append(") e on e.person = s.person where e.at >= s.t").append(k - 1)
                    .append(" and e.at <= s.t1 + ? * interval '1 microsecond'");
            parameters.add(windowMicros);
            int sameNameBefore = steps.subList(0, k - 1).lastIndexOf(steps.get(k - 1));
            if (sameNameBefore >= 0) {   // one event reaches one step
                sql.append(" and e.at > s.t").append(sameNameBefore + 1);
            }
            sql.append(" group by ").append(carried).append(")");
        }
        sql.append("\nselect 1 as step, count(*) as persons, null::float8 as median from step1");
        for (int k = 2; k <= steps.size(); k++) {
            sql.append("\nunion all select ").append(k).append(", count(*), percentile_cont(0.5) within group (order by ")
                    .append("extract(epoch from t").append(k).append(") - extract(epoch from t").append(k - 1)
                    .append(")) from step").append(k);
        }
        long[] persons = new long[steps.size()];
        Double[] medians = new Double[steps.size()];
        query(source, sql.toString(), rs -> {
            int step = rs.getInt("step") - 1;
            persons[step] = rs.getLong("persons");
            double median = rs.getDouble("median");
            medians[step] = rs.wasNull() ? null : median;
        }, parameters.toArray());
        List<FunnelView.Step> answer = new ArrayList<>();
        for (int k = 0; k < steps.size(); k++) {
            answer.add(new FunnelView.Step(steps.get(k), persons[k],
                    k == 0 ? 1 : fraction(persons[k], persons[0]), k == 0 ? 1 : fraction(persons[k], persons[k - 1]),
                    medians[k]));
        }
        return new FunnelView(query.from(), query.to(), query.window().toString(), answer);
    }

    /** The columns a funnel step carries on: the person and the times of the steps reached so far. */
    private static String carried(int reached) {
        StringBuilder columns = new StringBuilder("s.person");
        for (int k = 1; k <= reached; k++) {
            columns.append(", s.t").append(k);
        }
        return columns.toString();
    }

    private static double fraction(long part, long whole) {
        return whole == 0 ? 0 : (double) part / whole;
    }

    @Override
    public RetentionView retention(RetentionQuery query) {
        return reads.read(source -> retention(source, query));
    }

    private static RetentionView retention(ReadDatabase.Source source, RetentionQuery query) {
        TimeInterval period = query.period();
        Instant firstCohort = period.bucketOf(query.from());
        int cohortCount = (int) period.bucketsOf(query.from(), query.to());
        Instant returnsEnd = period.plus(firstCohort, cohortCount - 1L + query.periods());
        List<Object> parameters = new ArrayList<>();
        String unit = period.sqlUnit();
        String sql = "with cohorts as (select person, date_trunc('" + unit + "', min(at), 'UTC') as cohort from ("
                + personsEvents(query.partnerId(), query.startEvent(), query.from(), query.to(), query.systemId(), parameters)
                + ") e group by person)\n"
                + "select cohort, cohort as period, count(*) as persons from cohorts group by cohort\n"
                + "union all\n"
                // the persons who returned in each period, by hashing (count(distinct) would sort each group)
                + "select cohort, period, count(*) from (select distinct c.cohort, date_trunc('" + unit + "', e.at, 'UTC') "
                + "as period, c.person from cohorts c join ("
                + personsEvents(query.partnerId(), query.returnEvent(), query.from(), returnsEnd, query.systemId(), parameters)
                + ") e on e.person = c.person and date_trunc('" + unit + "', e.at, 'UTC') > c.cohort) returns group by 1, 2";
        long[][] returned = new long[cohortCount][query.periods()];
        query(source, sql, rs -> {
            Instant cohort = rs.getTimestamp("cohort").toInstant();
            long k = period.between(cohort, rs.getTimestamp("period").toInstant());
            if (k < query.periods()) {
                returned[(int) period.between(firstCohort, cohort)][(int) k] = rs.getLong("persons");
            }
        }, parameters.toArray());
        List<RetentionView.Cohort> cohorts = new ArrayList<>();
        for (int c = 0; c < cohortCount; c++) {
            cohorts.add(new RetentionView.Cohort(period.plus(firstCohort, c), returned[c][0],
                    Arrays.stream(returned[c]).boxed().toList()));
        }
        return new RetentionView(period, cohorts);
    }

    @Override
    public SessionsView sessions(SessionsQuery query) {
        return reads.read(source -> query.inactivity().equals(SessionIslands.INACTIVITY) ? keptSessions(source, query)
                : sessionsFromEvents(source, query));
    }

    /**
     * Sessions of the kept inactivity: the sums of {@code read.session_stats} for the whole hours of the range and the
     * sessions of its partial hours, per duration bin; then the exact median from the sessions of the bin (or two)
     * that holds the middle rank. Both statements read one snapshot.
     */
    private SessionsView keptSessions(ReadDatabase.Source source, SessionsQuery query) {
        UUID system = query.systemId() == null ? JdbcStatisticsViews.WHOLE_PARTNER : query.systemId();
        Instant from = query.from();
        Instant to = query.to();
        Instant wholeTo = TimeInterval.HOUR.bucketOf(to);   // the whole hours of the range: [wholeFrom, wholeTo)
        Instant wholeFrom = TimeInterval.HOUR.bucketOf(from);
        if (wholeFrom.isBefore(from)) {
            wholeFrom = TimeInterval.HOUR.plus(wholeFrom, 1);
        }
        if (!wholeFrom.isBefore(wholeTo)) {   // no whole hour: every session from its row
            wholeFrom = to;
            wholeTo = to;
        }
        String sql = """
                select date_trunc('%s', hour, 'UTC') as bucket, duration_bin, sum(sessions) as sessions,
                       sum(duration_micros) as micros, sum(events) as events, sum(bounces) as bounces
                from (
                    select hour, duration_bin, sessions, duration_micros, events, bounces from read.session_stats
                    where partner_id = ? and partner_system_id = ? and hour >= ? and hour < ?
                    union all %s
                    union all %s
                ) parts
                group by 1, 2
                """.formatted(query.interval().sqlUnit(), SESSIONS_STARTING, SESSIONS_STARTING);
        Object[] parameters = {query.partnerId(), system, Timestamp.from(wholeFrom), Timestamp.from(wholeTo),
                query.partnerId(), system, Timestamp.from(from), Timestamp.from(wholeFrom),
                query.partnerId(), system, Timestamp.from(wholeTo), Timestamp.from(to)};
        return readOnly(source).execute(status -> {
            Map<Instant, Long> perBucket = new HashMap<>();
            TreeMap<Integer, Long> perBin = new TreeMap<>();
            long[] totals = new long[4];   // sessions, microseconds, events, bounces
            source.jdbc().query(sql, rs -> {
                long sessions = rs.getLong("sessions");
                perBucket.merge(rs.getTimestamp("bucket").toInstant(), sessions, Long::sum);
                perBin.merge(rs.getInt("duration_bin"), sessions, Long::sum);
                totals[0] += sessions;
                totals[1] += rs.getLong("micros");
                totals[2] += rs.getLong("events");
                totals[3] += rs.getLong("bounces");
            }, parameters);
            long count = totals[0];
            return count == 0 ? sessionsView(query, perBucket, null)
                    : sessionsView(query, perBucket, new SessionsView(count, totals[1] / 1e6 / count,
                    median(source, query.partnerId(), system, from, to, perBin, count), (double) totals[2] / count,
                    (double) totals[3] / count, List.of()));
        });
    }

    /**
     * The median duration in seconds of the {@code count} sessions starting in the range, which {@code perBin} counts
     * per duration bin: the bins are ordered as durations are, so the middle ranks lie in known bins, and only the
     * sessions of those are sorted.
     */
    private Double median(ReadDatabase.Source source, UUID partnerId, UUID system, Instant from, Instant to, TreeMap<Integer, Long> perBin, long count) {
        long low = (count - 1) / 2;   // 0-based ranks of the middle (one rank when the count is odd)
        long high = count / 2;
        long before = 0;
        Integer lowBin = null;
        Integer highBin = null;
        long beforeLowBin = 0;
        for (Map.Entry<Integer, Long> bin : perBin.entrySet()) {
            if (lowBin == null && low < before + bin.getValue()) {
                lowBin = bin.getKey();
                beforeLowBin = before;
            }
            if (high < before + bin.getValue()) {
                highBin = bin.getKey();
                break;
            }
            before += bin.getValue();
        }
        if (highBin == null) {
            return medianDisagreeing(source, partnerId, system, from, to);
        }
        if (highBin == 0) {   // the bin of sessions of one instant
            return 0.0;
        }
        Long[] bounds = durationBounds(source);   // bin b holds [bounds[b - 1], bounds[b]) microseconds; bounds[-1] = 0
        long shortest = lowBin == 0 ? 0 : bounds[lowBin - 1];
        Long longest = highBin < bounds.length ? bounds[highBin] : null;   // the last bin has no upper bound
        // the bins' bounds as intervals: a cheap filter on every session of the range (no arithmetic on numerics)
        List<Long> middle = source.jdbc().queryForList("""
                select read.session_micros(first_at, last_at) as micros from read.sessions
                where partner_id = ? and partner_system_id = ? and first_at >= ? and first_at < ?
                  and last_at - first_at >= ? * interval '1 microsecond'
                  and (?::bigint is null or last_at - first_at < ?::bigint * interval '1 microsecond')
                order by micros offset ? limit ?
                """, Long.class, partnerId, system, Timestamp.from(from), Timestamp.from(to), shortest, longest, longest,
                low - beforeLowBin, high - low + 1);
        if (middle.size() != high - low + 1) {
            return medianDisagreeing(source, partnerId, system, from, to);
        }
        return (middle.getFirst() + middle.getLast()) / 2e6;
    }

    /**
     * The median from every session of the range, when the sums disagree with the sessions (written by a node of the
     * version before V13 after it ran: docs/operations.md says how to compute them again). Exact, and slow; null
     * when no session is there after all.
     */
    private static Double medianDisagreeing(ReadDatabase.Source source, UUID partnerId, UUID system, Instant from, Instant to) {
        log.warn("read.session_stats disagrees with read.sessions for partner {} (system {}): see docs/operations.md, "
                + "\"Product analytics\"", partnerId, system);
        return source.jdbc().queryForObject("""
                select percentile_cont(0.5) within group (order by read.session_micros(first_at, last_at)) / 1e6
                from read.sessions where partner_id = ? and partner_system_id = ? and first_at >= ? and first_at < ?
                """, Double.class, partnerId, system, Timestamp.from(from), Timestamp.from(to));
    }

    /** {@code read.session_duration_bounds()}: fixed by V13, read once. */
    private Long[] durationBounds(ReadDatabase.Source source) {
        Long[] bounds = durationBounds;
        if (bounds == null) {
            bounds = source.jdbc().queryForObject("select read.session_duration_bounds()", (rs, row) -> (Long[]) rs.getArray(1).getArray());
            durationBounds = bounds;
        }
        return bounds;
    }

    /** The answer with {@code timeSeries} listing every bucket of the range; {@code totals} null when no session. */
    private static SessionsView sessionsView(SessionsQuery query, Map<Instant, Long> perBucket, SessionsView totals) {
        TimeInterval interval = query.interval();
        List<SessionsView.Bucket> series = new ArrayList<>();
        for (Instant bucket = interval.bucketOf(query.from()); bucket.isBefore(query.to()); bucket = interval.plus(bucket, 1)) {
            series.add(new SessionsView.Bucket(bucket, perBucket.getOrDefault(bucket, 0L)));
        }
        if (totals == null) {
            return new SessionsView(0, null, null, null, null, series);
        }
        return new SessionsView(totals.sessions(), totals.averageDurationSeconds(), totals.medianDurationSeconds(),
                totals.averageEventsPerSession(), totals.bounceRate(), series);
    }

    /** Sessions of another inactivity than the kept one, from the events (window functions over the range's). */
    private static SessionsView sessionsFromEvents(ReadDatabase.Source source, SessionsQuery query) {
        List<Object> parameters = new ArrayList<>();
        String sessions = sessionsOfEvents(query, parameters);
        // counts per bucket by hashing, the median over all by one sort (a median per bucket would sort each bucket)
        String sql = "with sessions as materialized (" + sessions + ")\n" + """
                select date_trunc('%s', first_at, 'UTC') as bucket, count(*) as sessions, sum(seconds) as seconds,
                       sum(events) as events, count(*) filter (where events = 1) as bounces, null::float8 as median
                from sessions group by 1
                union all
                select null, count(*), sum(seconds), sum(events), count(*) filter (where events = 1),
                       percentile_cont(0.5) within group (order by seconds)
                from sessions
                """.formatted(query.interval().sqlUnit());
        Map<Instant, Long> perBucket = new HashMap<>();
        List<SessionsView> totals = new ArrayList<>(1);   // the totals row (no bucket), when there are sessions
        query(source, sql, rs -> {
            Timestamp bucket = rs.getTimestamp("bucket");
            long count = rs.getLong("sessions");
            if (bucket != null) {
                perBucket.put(bucket.toInstant(), count);
            } else if (count > 0) {
                totals.add(new SessionsView(count, rs.getDouble("seconds") / count, rs.getDouble("median"),
                        rs.getDouble("events") / count, rs.getDouble("bounces") / count, List.of()));
            }
        }, parameters.toArray());
        return sessionsView(query, perBucket, totals.isEmpty() ? null : totals.getFirst());
    }

    /**
     * The sessions of another inactivity than the kept one, from the events: those from the inactivity before
     * {@code from} on (the event before a session's first decides that it is one), every later one (a session that
     * begins in the range may go on past it).
     */
    private static String sessionsOfEvents(SessionsQuery query, List<Object> parameters) {
        // in the order of the statement's text: the inactivity, the events' conditions, the range
        parameters.addAll(List.of(query.inactivity().toNanos() / 1000, query.partnerId(),
                Timestamp.from(query.from().minus(query.inactivity()))));
        String events = """
                select coalesce(anonymous_id, user_id) as visitor, event_timestamp as at
                from read.tracking_events_read_model r
                where partner_id = ? and event_timestamp >= ? and (user_id is not null or anonymous_id is not null)
                """ + systemFilter(query.systemId(), parameters);
        parameters.addAll(List.of(Timestamp.from(query.from()), Timestamp.from(query.to())));
        return """
                select min(at) as first_at, count(*) as events,
                       extract(epoch from max(at)) - extract(epoch from min(at)) as seconds
                from (
                  select visitor, at, count(*) filter (where starts) over (partition by visitor order by at
                         rows between unbounded preceding and current row) as session
                  from (
                    select visitor, at,
                           (at - lag(at) over (partition by visitor order by at) > ? * interval '1 microsecond')
                               is not false as starts
                    from (%s) visits
                  ) marked
                ) numbered
                group by visitor, session
                having min(at) >= ? and min(at) < ?
                """.formatted(events);
    }

    /** {@link #PERSONS_EVENTS} of the name in [from, to) (and the system, when one is asked about); adds its parameters. */
    private static String personsEvents(UUID partnerId, String eventName, Instant from, Instant to, UUID systemId,
                                        List<Object> parameters) {
        parameters.addAll(List.of(partnerId, eventName, Timestamp.from(from), Timestamp.from(to)));
        return PERSONS_EVENTS + systemFilter(systemId, parameters);
    }

    /** The optional system condition on the read model (aliased {@code r}); adds its parameter. */
    private static String systemFilter(UUID systemId, List<Object> parameters) {
        if (systemId == null) {
            return "";
        }
        parameters.add(systemId);
        return " and r.partner_system_id = ?\n";
    }
}
