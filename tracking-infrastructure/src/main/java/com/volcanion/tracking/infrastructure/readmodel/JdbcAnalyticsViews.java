package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.application.analytics.AnalyticsViews;
import com.volcanion.tracking.application.analytics.FunnelQuery;
import com.volcanion.tracking.application.analytics.FunnelView;
import com.volcanion.tracking.application.analytics.RetentionQuery;
import com.volcanion.tracking.application.analytics.RetentionView;
import com.volcanion.tracking.application.analytics.SessionsQuery;
import com.volcanion.tracking.application.analytics.SessionsView;
import com.volcanion.tracking.application.query.TimeInterval;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Funnels, retention and sessions computed by PostgreSQL from the read model, exactly. Funnels and retention read
 * only the events of the names asked about (through the covering index on partner, event name and time) and resolve
 * each event's person through {@code read.identity_links} as they read it: an event with a userId is that user's; an
 * event with only an anonymousId is the linked user's, else the anonymousId's own person. Sessions read every event
 * of the range (and those of the inactivity before it, which decide whether an event starts a session), unless the
 * projector keeps them: {@code read.sessions} holds the sessions of the default inactivity ({@link SessionIslands}).
 */
@Repository
public class JdbcAnalyticsViews implements AnalyticsViews {

    /** The events of the names bound as a text[] in [?, ?], with their person; a system filter is appended. */
    private static final String PERSONS_EVENTS = """
            select case when r.user_id is not null then 'u:' || r.user_id
                        when l.user_id is not null then 'u:' || l.user_id
                        else 'a:' || r.anonymous_id end as person,
                   r.event_name, r.event_timestamp as at
            from read.tracking_events_read_model r
            left join read.identity_links l
              on r.user_id is null and l.partner_id = r.partner_id and l.anonymous_id = r.anonymous_id
            where r.partner_id = ? and r.event_name = any(?::text[]) and r.event_timestamp >= ? and r.event_timestamp <= ?
              and (r.user_id is not null or r.anonymous_id is not null)
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;

    JdbcAnalyticsViews(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /**
     * Runs the statement in a read-only transaction that forbids nested loops: PostgreSQL cannot estimate how many
     * rows a funnel step keeps (a CTE has no statistics), guesses one, and would then join each person of a step with
     * every event of the next (measured: 7.9 s instead of 47 ms on 100,000 events). Hash joins on the person are what
     * these questions need whatever the estimates.
     */
    private void query(String sql, RowCallbackHandler rows, Object... parameters) {
        readOnly.executeWithoutResult(status -> {
            jdbc.execute("set local enable_nestloop = off");
            jdbc.execute("set local work_mem = '128MB'");
            jdbc.query(sql, rows, parameters);
        });
    }

    @Override
    public FunnelView funnel(FunnelQuery query) {
        List<String> steps = query.steps();
        List<Object> parameters = new ArrayList<>(List.of(query.partnerId(), steps.stream().distinct().toArray(String[]::new),
                Timestamp.from(query.from()), Timestamp.from(query.to().plus(query.window()))));
        StringBuilder sql = new StringBuilder("with events as (").append(PERSONS_EVENTS).append(systemFilter(query.systemId(), parameters))
                .append("),\nstep1 as (select person, min(at) as t1 from events where event_name = ? and at >= ? and at < ? group by person)");
        parameters.addAll(List.of(steps.getFirst(), Timestamp.from(query.from()), Timestamp.from(query.to())));
        long windowMicros = query.window().toNanos() / 1000;
        for (int k = 2; k <= steps.size(); k++) {
            String carried = carried(k - 1);
            sql.append(",\nstep").append(k).append(" as (select ").append(carried).append(", min(e.at) as t").append(k)
                    .append(" from step").append(k - 1).append(" s join events e on e.person = s.person")
                    .append(" where e.event_name = ? and e.at >= s.t").append(k - 1)
                    .append(" and e.at <= s.t1 + ? * interval '1 microsecond'");
            parameters.addAll(List.of(steps.get(k - 1), windowMicros));
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
        query(sql.toString(), rs -> {
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
        TimeInterval period = query.period();
        Instant firstCohort = period.bucketOf(query.from());
        int cohortCount = (int) period.bucketsOf(query.from(), query.to());
        Instant returnsEnd = period.plus(firstCohort, cohortCount - 1L + query.periods());
        List<Object> parameters = new ArrayList<>(List.of(query.partnerId(),
                new String[]{query.startEvent(), query.returnEvent()}, Timestamp.from(query.from()),
                Timestamp.from(returnsEnd)));
        String unit = period.sqlUnit();
        String sql = "with events as (" + PERSONS_EVENTS + systemFilter(query.systemId(), parameters) + "),\n"
                + "cohorts as (select person, date_trunc('" + unit + "', min(at), 'UTC') as cohort from events "
                + "where event_name = ? and at >= ? and at < ? group by person)\n"
                + "select cohort, cohort as period, count(*) as persons from cohorts group by cohort\n"
                + "union all\n"
                + "select c.cohort, date_trunc('" + unit + "', e.at, 'UTC'), count(distinct c.person) from cohorts c "
                + "join events e on e.person = c.person and e.event_name = ? and e.at < ? "
                + "and date_trunc('" + unit + "', e.at, 'UTC') > c.cohort group by 1, 2";
        parameters.addAll(List.of(query.startEvent(), Timestamp.from(query.from()), Timestamp.from(query.to()),
                query.returnEvent(), Timestamp.from(returnsEnd)));
        long[][] returned = new long[cohortCount][query.periods()];
        query(sql, rs -> {
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
        String unit = query.interval().sqlUnit();
        List<Object> parameters = new ArrayList<>();
        String sessions;
        if (query.inactivity().equals(SessionIslands.INACTIVITY)) {   // kept by the projector
            sessions = """
                    select first_at, events, extract(epoch from last_at) - extract(epoch from first_at) as seconds
                    from read.sessions where partner_id = ? and partner_system_id = ? and first_at >= ? and first_at < ?
                    """;
            parameters.addAll(List.of(query.partnerId(),
                    query.systemId() == null ? JdbcStatisticsViews.WHOLE_PARTNER : query.systemId(),
                    Timestamp.from(query.from()), Timestamp.from(query.to())));
        } else {
            sessions = sessionsFromEvents(query, parameters);
        }
        // counts per bucket by hashing, the median over all by one sort (a median per bucket would sort each bucket)
        String sql = "with sessions as materialized (" + sessions + ")\n" + """
                select date_trunc('%s', first_at, 'UTC') as bucket, count(*) as sessions, sum(seconds) as seconds,
                       sum(events) as events, count(*) filter (where events = 1) as bounces, null::float8 as median
                from sessions group by 1
                union all
                select null, count(*), sum(seconds), sum(events), count(*) filter (where events = 1),
                       percentile_cont(0.5) within group (order by seconds)
                from sessions
                """.formatted(unit);
        Map<Instant, Long> perBucket = new HashMap<>();
        List<SessionsView> totals = new ArrayList<>(1);   // the totals row (no bucket), when there are sessions
        query(sql, rs -> {
            Timestamp bucket = rs.getTimestamp("bucket");
            long count = rs.getLong("sessions");
            if (bucket != null) {
                perBucket.put(bucket.toInstant(), count);
            } else if (count > 0) {
                totals.add(new SessionsView(count, rs.getDouble("seconds") / count, rs.getDouble("median"),
                        rs.getDouble("events") / count, rs.getDouble("bounces") / count, List.of()));
            }
        }, parameters.toArray());
        TimeInterval interval = query.interval();
        List<SessionsView.Bucket> series = new ArrayList<>();
        for (Instant bucket = interval.bucketOf(query.from()); bucket.isBefore(query.to()); bucket = interval.plus(bucket, 1)) {
            series.add(new SessionsView.Bucket(bucket, perBucket.getOrDefault(bucket, 0L)));
        }
        if (totals.isEmpty()) {
            return new SessionsView(0, null, null, null, null, series);
        }
        SessionsView total = totals.getFirst();
        return new SessionsView(total.sessions(), total.averageDurationSeconds(), total.medianDurationSeconds(),
                total.averageEventsPerSession(), total.bounceRate(), series);
    }

    /**
     * The sessions of another inactivity than the kept one, from the events: those from the inactivity before
     * {@code from} on (the event before a session's first decides that it is one), every later one (a session that
     * begins in the range may go on past it).
     */
    private static String sessionsFromEvents(SessionsQuery query, List<Object> parameters) {
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

    /** The optional system condition on the read model (aliased {@code r}); adds its parameter. */
    private static String systemFilter(UUID systemId, List<Object> parameters) {
        if (systemId == null) {
            return "";
        }
        parameters.add(systemId);
        return " and r.partner_system_id = ?\n";
    }
}
