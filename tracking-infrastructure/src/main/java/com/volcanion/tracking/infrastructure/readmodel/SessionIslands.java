package com.volcanion.tracking.infrastructure.readmodel;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * {@code read.sessions}: the sessions of the default inactivity ({@link #INACTIVITY}), per system and for the whole
 * partner ({@link JdbcStatisticsViews#WHOLE_PARTNER}), kept exact as events arrive in any order. A new event merges
 * with every session it lies within the inactivity of (it may join two into one) and nothing else: existing sessions
 * are more than the inactivity apart, so a merge never reaches a session no new event touches. Every statement that
 * removes or writes sessions also takes them out of or adds them to their sums in {@code read.session_stats} (per
 * hour of the start and duration bin, V13), so the two always agree. Written inside the projector's (or a deletion
 * step's) transaction.
 */
@Component
public class SessionIslands {

    /** The inactivity the table is kept for; a question with another inactivity is answered from the events. */
    public static final Duration INACTIVITY = Duration.ofMinutes(30);

    /**
     * Groups rows {@code (partner_id, system_id, visitor, first_at, last_at, events)} of the CTE {@code items} into
     * sessions: sorted by start, an item starts a new session when it begins more than the inactivity after every
     * earlier item of its visitor ended. The CTE {@code inserted} returns the sessions written.
     */
    private static final String INSERT_ISLANDS = """
            , marked as (
                select *, (first_at - max(last_at) over (partition by partner_id, system_id, visitor order by first_at, last_at
                           rows between unbounded preceding and 1 preceding) > interval '30 minutes') is not false as starts
                from items
            ), numbered as (
                select *, count(*) filter (where starts) over (partition by partner_id, system_id, visitor
                          order by first_at, last_at rows between unbounded preceding and current row) as island
                from marked
            ), inserted as (
                insert into read.sessions (partner_id, partner_system_id, visitor, first_at, last_at, events)
                select partner_id, system_id, visitor, min(first_at), max(last_at), sum(events)
                from numbered group by partner_id, system_id, visitor, island
                returning partner_id, partner_system_id as system_id, first_at, last_at, events
            )
            """;

    /**
     * Adds the sessions of the CTE {@code changes} {@code (partner_id, system_id, first_at, last_at, events, sign)} to
     * {@code read.session_stats} (sign 1) or takes them away (sign -1): per hour of their start and duration bin.
     */
    private static final String COUNT_CHANGES = """
            insert into read.session_stats as s (partner_id, partner_system_id, hour, duration_bin, sessions,
                duration_micros, events, bounces)
            select partner_id, system_id, date_trunc('hour', first_at, 'UTC'), read.session_duration_bin(micros), sum(sign),
                   sum(sign * micros), sum(sign * events), coalesce(sum(sign) filter (where events = 1), 0)
            from (select *, read.session_micros(first_at, last_at) as micros from changes) c
            group by 1, 2, 3, 4
            on conflict (partner_id, partner_system_id, hour, duration_bin) do update
            set sessions = s.sessions + excluded.sessions, duration_micros = s.duration_micros + excluded.duration_micros,
                events = s.events + excluded.events, bounces = s.bounces + excluded.bounces
            """;

    /** New events (bound as arrays) merged with the sessions they touch, which are replaced. */
    private static final String ADD = """
            with points as (
                select p.partner_id, s.system_id, p.visitor, p.at
                from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]::timestamptz[]) as p(partner_id, partner_system_id, visitor, at)
                cross join lateral (values (p.partner_system_id), (?::uuid)) as s(system_id)
            ), touched as (
                delete from read.sessions r using points p
                where r.partner_id = p.partner_id and r.partner_system_id = p.system_id and r.visitor = p.visitor
                  -- written on the columns' expressions so that only the equalities can pick the index: the primary
                  -- key; "first_at <= ..." would also fit sessions_by_start, which a planner without statistics took
                  -- (every session of the system read for each event: 20 s a batch); so did a lookup of the two
                  -- latest sessions with "order by first_at desc limit 2" (tried: the same index, read backwards)
                  and r.first_at - interval '30 minutes' <= p.at and r.last_at + interval '30 minutes' >= p.at
                returning r.partner_id, r.partner_system_id as system_id, r.visitor, r.first_at, r.last_at, r.events
            ), items as (
                select partner_id, system_id, visitor, first_at, last_at, events from touched
                union all
                select partner_id, system_id, visitor, at, at, 1 from points
            )
            """ + INSERT_ISLANDS + """
            , changes as (
                select partner_id, system_id, first_at, last_at, events, -1 as sign from touched
                union all
                select partner_id, system_id, first_at, last_at, events, 1 from inserted
            )
            """ + COUNT_CHANGES;

    /** Removes the visitors' sessions of every system and their sums; returns how many sessions. */
    private static final String REMOVE = """
            with removed as (
                delete from read.sessions where partner_id = ? and visitor = any(?::text[])
                returning partner_id, partner_system_id as system_id, first_at, last_at, events, -1 as sign
            ), changes as (select * from removed), counted as (
            """ + COUNT_CHANGES.indent(4) + """
            )
            select count(*) from removed
            """;

    /** The visitors' sessions computed again from their events in the read model (once their rows are removed). */
    private static final String REBUILD = """
            with items as (
                select partner_id, s.system_id, coalesce(anonymous_id, user_id) as visitor, event_timestamp as first_at,
                       event_timestamp as last_at, 1 as events
                from read.tracking_events_read_model
                cross join lateral (values (partner_system_id), (?::uuid)) as s(system_id)
                where partner_id = ? and (anonymous_id = any(?::text[]) or (anonymous_id is null and user_id = any(?::text[])))
            )
            """ + INSERT_ISLANDS + """
            , changes as (select *, 1 as sign from inserted)
            """ + COUNT_CHANGES;

    /** An event as the sessions see it. */
    public record Visit(UUID partnerId, UUID systemId, String visitor, Instant at) {
    }

    private final JdbcTemplate jdbc;

    SessionIslands(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Merges the events (those with a visitor) into the sessions. */
    void add(Collection<Visit> visits) {
        List<Visit> withVisitor = visits.stream().filter(visit -> visit.visitor() != null).toList();
        if (withVisitor.isEmpty()) {
            return;
        }
        jdbc.update(connection -> {
            var statement = connection.prepareStatement(ADD);
            statement.setArray(1, connection.createArrayOf("uuid", withVisitor.stream().map(Visit::partnerId).toArray()));
            statement.setArray(2, connection.createArrayOf("uuid", withVisitor.stream().map(Visit::systemId).toArray()));
            statement.setArray(3, connection.createArrayOf("text", withVisitor.stream().map(Visit::visitor).toArray()));
            // as ISO-8601 text: a java.sql.Timestamp in an array would be written in the JVM's zone, without it
            statement.setArray(4, connection.createArrayOf("text", withVisitor.stream().map(v -> v.at().toString()).toArray()));
            statement.setObject(5, JdbcStatisticsViews.WHOLE_PARTNER);
            return statement;
        });
    }

    /** Computes the visitors' sessions again from the events the read model holds now (after a deletion). */
    public void rebuild(UUID partnerId, Collection<String> visitors) {
        if (visitors.isEmpty()) {
            return;
        }
        String[] ids = new ArrayList<>(visitors).toArray(String[]::new);
        remove(partnerId, ids);
        jdbc.update(REBUILD, JdbcStatisticsViews.WHOLE_PARTNER, partnerId, ids, ids);
    }

    /** Removes every session of the visitors (of every system) with their sums; returns how many sessions. */
    public int remove(UUID partnerId, String[] visitors) {
        Integer removed = jdbc.queryForObject(REMOVE, Integer.class, partnerId, visitors);
        return removed == null ? 0 : removed;
    }
}
