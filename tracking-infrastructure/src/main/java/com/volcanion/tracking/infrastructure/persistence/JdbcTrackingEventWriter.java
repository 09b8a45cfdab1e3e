package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.ingest.TrackingEventStore.Outcome;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Refused;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Stored;
import com.volcanion.tracking.application.ingest.TrackingEventStore.Suppressed;
import com.volcanion.tracking.domain.event.TrackingEvent;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes many events in one transaction and one statement: {@code INSERT ... SELECT FROM unnest(arrays)}, which
 * first claims each event's (system, messageId) in {@code write.tracking_event_keys} with {@code ON CONFLICT DO
 * NOTHING} and stores only the events whose key it claimed. Events turned away are then looked up, so each caller
 * learns the id its messageId is stored under. Concurrent writers of the same messageId wait on each other inside
 * PostgreSQL; exactly one row results and nobody sees an error. Every transaction claims its keys in one order
 * (system, then messageId, byte-wise), so two transactions holding the same messageIds cannot deadlock.
 * <p>
 * Every statement carries a {@code statement_timeout} and a {@code lock_timeout}, and the connection a network
 * timeout a little longer, so a write never waits without bound.
 */
@Component
class JdbcTrackingEventWriter {

    /**
     * Claims each event's (system, messageId) in {@code write.tracking_event_keys}, in key order, and stores the events
     * whose key it claimed; an event whose userId or anonymousId is suppressed for its partner claims nothing and is
     * not stored. Answers each stored event's id, and each suppressed one's. The events table is partitioned by time,
     * so its own unique keys cannot hold the messageId alone; the key table does, for as long as the events are kept
     * (see PartitionMaintainer).
     */
    private static final String INSERT = """
            with given as (
                select t.id::uuid as id, t.partner_id::uuid as partner_id, t.partner_system_id::uuid as partner_system_id,
                    t.message_id, t.event_name, t.event_timestamp::timestamptz as event_timestamp,
                    t.client_timestamp::timestamptz as client_timestamp, t.sent_at::timestamptz as sent_at,
                    t.received_at::timestamptz as received_at, t.user_id, t.anonymous_id,
                    t.properties::jsonb as properties, t.context::jsonb as context, t.valid::boolean as valid,
                    t.validation_errors::jsonb as validation_errors, t.schema_version::integer as schema_version,
                    t.correlation_id, t.type
                from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[])
                    as t(id, partner_id, partner_system_id, message_id, event_name, event_timestamp, client_timestamp,
                         sent_at, received_at, user_id, anonymous_id, properties, context, valid, validation_errors,
                         schema_version, correlation_id, type)
            ), suppressions as (   -- of the group's partners, read once: usually none; then one hash lookup an event
                select partner_id, subject from write.suppressions
                where partner_id in (select distinct partner_id from given)
            ), t as (
                select given.*, ((partner_id, user_id) in (select * from suppressions)
                                 or (partner_id, anonymous_id) in (select * from suppressions)) is true as suppressed
                from given
            ), claimed as (
                insert into write.tracking_event_keys (partner_system_id, message_id, event_id)
                select partner_system_id, message_id, id from t where not suppressed
                order by partner_system_id::text collate "C", message_id collate "C"
                on conflict (partner_system_id, message_id) do nothing
                returning event_id
            ), stored as (
            insert into write.tracking_events (id, partner_id, partner_system_id, message_id, event_name,
                event_timestamp, client_timestamp, sent_at, received_at, user_id, anonymous_id, properties, context,
                valid, validation_errors, schema_version, correlation_id, type)
            select t.id, t.partner_id, t.partner_system_id, t.message_id, t.event_name, t.event_timestamp,
                t.client_timestamp, t.sent_at, t.received_at, t.user_id, t.anonymous_id, t.properties, t.context,
                t.valid, t.validation_errors, t.schema_version, t.correlation_id, t.type
            from t join claimed on claimed.event_id = t.id
            returning id
            )
            select id, false as suppressed from stored
            union all
            select id, true from t where suppressed
            """;

    /** How many anonymousIds a profile lists; the identity map keeps every link beyond them. */
    static final int MAX_PROFILE_ANONYMOUS_IDS = 1000;

    /**
     * The identity links of the identify and alias calls whose stored rows are named, in one statement, in key order
     * (see {@link #recordIdentities}); a key already linked keeps its user, and of two calls linking the same key the
     * one earlier by event time wins.
     */
    private static final String RECORD_LINKS = """
            insert into write.identity_links (partner_id, anonymous_id, user_id, linked_at)
            select partner_id, linked, user_id, event_timestamp
            from (select partner_id, user_id, event_timestamp,
                         case when type = 'ALIAS' then properties ->> 'previousId' else anonymous_id end as linked
                  from write.tracking_events
                  where id = any(?::uuid[]) and received_at between ?::timestamptz and ?::timestamptz) as call
            where linked is not null
            order by partner_id, linked collate "C", event_timestamp
            on conflict (partner_id, anonymous_id) do nothing
            """;

    /**
     * One identify or alias call applied to its user's profile, read back from its stored row: each trait key keeps
     * the value of the call latest by event time that set it ({@code traits_at} holds, per key, that call's time in
     * epoch seconds), and the call's anonymousId or previousId is listed when the identity map links it to this user
     * (at most {@value #MAX_PROFILE_ANONYMOUS_IDS} of them).
     */
    private static final String RECORD_PROFILE = """
            with call as (
                select e.partner_id, e.user_id, e.event_timestamp, extract(epoch from e.event_timestamp) as at,
                       case when e.type = 'IDENTIFY' then e.properties else '{}'::jsonb end as traits,
                       l.anonymous_id as linked
                from write.tracking_events e
                left join write.identity_links l
                  on l.partner_id = e.partner_id and l.user_id = e.user_id
                 and l.anonymous_id = case when e.type = 'ALIAS' then e.properties ->> 'previousId' else e.anonymous_id end
                where e.id = ? and e.received_at = ?::timestamptz
            )
            insert into write.user_profiles as p (partner_id, user_id, traits, traits_at, anonymous_ids, first_seen,
                                                  last_seen)
            select partner_id, user_id, traits,
                   (select coalesce(jsonb_object_agg(key, call.at), '{}') from jsonb_object_keys(call.traits) as key),
                   case when linked is null then '{}'::text[] else array[linked]::text[] end, event_timestamp,
                   event_timestamp
            from call
            on conflict (partner_id, user_id) do update
            set (traits, traits_at) = (
                    select p.traits || coalesce(jsonb_object_agg(n.key, n.value), '{}'),
                           p.traits_at || coalesce(jsonb_object_agg(n.key, excluded.traits_at -> n.key), '{}')
                    from jsonb_each(excluded.traits) as n   -- the keys this call sets at least as late as the profile
                    where coalesce((p.traits_at ->> n.key)::numeric <= (excluded.traits_at ->> n.key)::numeric, true)),
                anonymous_ids = case when excluded.anonymous_ids <@ p.anonymous_ids
                                       or cardinality(p.anonymous_ids) >= %d then p.anonymous_ids
                                     else p.anonymous_ids || excluded.anonymous_ids end,
                first_seen = least(p.first_seen, excluded.first_seen),
                last_seen = greatest(p.last_seen, excluded.last_seen)
            """.formatted(MAX_PROFILE_ANONYMOUS_IDS);

    /** This transaction's timeouts; sent in the same round trip as the INSERT that follows it. */
    private static final String TIMEOUTS = """
            select set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true);
            """;

    private static final String FIND_EXISTING = """
            select e.partner_system_id, e.message_id, e.event_id
            from write.tracking_event_keys e
            join unnest(?::uuid[], ?::text[]) as k(partner_system_id, message_id)
              on e.partner_system_id = k.partner_system_id and e.message_id = k.message_id
            """;

    /** The order of INSERT's {@code order by}: the system id's text, then the messageId by code point (= UTF-8 bytes). */
    private static final Comparator<TrackingEvent> INSERT_ORDER = Comparator
            .comparing((TrackingEvent event) -> event.partnerSystemId().toString())
            .thenComparing(TrackingEvent::messageId, JdbcTrackingEventWriter::compareCodePoints);

    /** The event-by-event rewrite gives up (and rolls back) after this many statement timeouts in all. */
    private static final int REWRITE_LIMIT_IN_STATEMENT_TIMEOUTS = 10;

    private final JdbcTemplate jdbc;
    private final PlatformTransactionManager transactions;
    private final GroupCommitProperties properties;
    /** The value of each column of INSERT, in order, as text. */
    private final List<Function<TrackingEvent, Object>> columns;

    JdbcTrackingEventWriter(JdbcTemplate jdbc, PlatformTransactionManager transactions, GroupCommitProperties properties,
                            JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.columns = List.of(
                TrackingEvent::id, TrackingEvent::partnerId, TrackingEvent::partnerSystemId, TrackingEvent::messageId,
                TrackingEvent::eventName, TrackingEvent::eventTimestamp, TrackingEvent::clientTimestamp,
                TrackingEvent::sentAt, TrackingEvent::receivedAt, TrackingEvent::userId, TrackingEvent::anonymousId,
                TrackingEvent::properties, TrackingEvent::context, TrackingEvent::valid,
                event -> event.valid() ? null : json.writeValueAsString(event.validationErrors()),
                TrackingEvent::schemaVersion, TrackingEvent::correlationId, TrackingEvent::type);
    }

    /**
     * Writes the events in one transaction and one statement; returns, in order, where each is stored
     * ({@link Stored}) or that it is {@link Suppressed}.
     *
     * @throws CommitOutcomeUnknownException when COMMIT itself failed: the events may or may not be stored
     */
    List<Outcome> write(List<TrackingEvent> events) {
        return inTransaction(connection -> {
            Written written = insert(connection, events, true);
            recordIdentities(connection, events, written.stored());
            return outcomes(connection, events, written);
        });
    }

    /**
     * Writes the events in one transaction, each in a statement of its own behind a savepoint: an event the database
     * refuses ({@link DatabaseFailures#isRefusal}) is rolled back alone and answered {@link Refused}; any other
     * failure fails them all. The slow path, taken only when a group's one-statement write was refused.
     */
    List<Outcome> writeOneByOne(List<TrackingEvent> events) {
        long deadline = System.nanoTime() + properties.statementTimeout().toNanos() * REWRITE_LIMIT_IN_STATEMENT_TIMEOUTS;
        return inTransaction(connection -> {
            try (PreparedStatement timeouts = connection.prepareStatement(TIMEOUTS)) {
                setTimeouts(timeouts);
                timeouts.execute();
            }
            Map<UUID, Refused> refused = new HashMap<>();
            Written written = new Written(new HashSet<>(), new HashSet<>());
            for (TrackingEvent event : events.stream().sorted(INSERT_ORDER).toList()) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("writing " + events.size() + " events one by one took too long");
                }
                Savepoint savepoint = connection.setSavepoint();
                try {
                    written.add(insert(connection, List.of(event), false));
                    connection.releaseSavepoint(savepoint);
                } catch (SQLException e) {
                    if (!DatabaseFailures.isRefusal(e)) {
                        throw e;
                    }
                    connection.rollback(savepoint);
                    refused.put(event.id(), new Refused(DatabaseFailures.refusalReason(e)));
                }
            }
            recordIdentities(connection, events, written.stored());
            List<TrackingEvent> kept = events.stream().filter(event -> !refused.containsKey(event.id())).toList();
            List<Outcome> stored = outcomes(connection, kept, written);
            List<Outcome> outcomes = new ArrayList<>(events.size());
            int next = 0;
            for (TrackingEvent event : events) {
                outcomes.add(refused.containsKey(event.id()) ? refused.get(event.id()) : stored.get(next++));
            }
            return outcomes;
        });
    }

    /**
     * Runs the work in a transaction of its own and commits, the connection under a network timeout a little beyond
     * the statements' own (which the work sets: {@link #TIMEOUTS}). A failure before COMMIT rolls back (nothing
     * stored); a failure of COMMIT itself is a {@link CommitOutcomeUnknownException}.
     */
    private <T> T inTransaction(ConnectionCallback<T> work) {
        TransactionStatus status = transactions.getTransaction(TransactionDefinition.withDefaults());
        T result;
        try {
            result = jdbc.execute((Connection connection) -> {
                long millis = properties.statementTimeout().plusSeconds(5).toMillis();
                connection.setNetworkTimeout(Runnable::run, (int) Math.min(Integer.MAX_VALUE, millis));
                return work.doInConnection(connection);
            });
        } catch (RuntimeException | Error e) {
            try {
                transactions.rollback(status);
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        }
        try {
            transactions.commit(status);
        } catch (RuntimeException e) {
            throw new CommitOutcomeUnknownException(e);
        }
        return result;
    }

    /** COMMIT failed: the connection may have been lost while PostgreSQL committed, so nobody knows what is stored. */
    static final class CommitOutcomeUnknownException extends RuntimeException {

        CommitOutcomeUnknownException(Throwable cause) {
            super("the database did not confirm the commit", cause);
        }
    }

    private void setTimeouts(PreparedStatement statement) throws SQLException {
        String millis = properties.statementTimeout().toMillis() + "ms";
        statement.setString(1, millis);
        statement.setString(2, millis);
    }

    /** The events one INSERT stored, and those it turned away as suppressed (by id). */
    private record Written(Set<UUID> stored, Set<UUID> suppressed) {

        void add(Written more) {
            stored.addAll(more.stored());
            suppressed.addAll(more.suppressed());
        }
    }

    /** Inserts the events in one statement, preceded (in the same round trip) by the transaction's timeouts. */
    private Written insert(Connection connection, List<TrackingEvent> events, boolean withTimeouts) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(withTimeouts ? TIMEOUTS + INSERT : INSERT)) {
            int column = 1;
            if (withTimeouts) {
                setTimeouts(statement);
                column = 3;
            }
            for (Function<TrackingEvent, Object> field : columns) {
                statement.setArray(column++, textArray(connection, events, field));
            }
            statement.execute();
            if (withTimeouts) {
                statement.getMoreResults();   // past the timeouts' row, to the INSERT's
            }
            Written written = new Written(new HashSet<>(), new HashSet<>());
            try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                    (rows.getBoolean(2) ? written.suppressed() : written.stored()).add(rows.getObject(1, UUID.class));
                }
            }
            return written;
        }
    }

    /**
     * Applies the identify and alias calls this transaction inserted (not those turned away as duplicates) to the
     * identity map and the users' profiles, from their stored rows. Locks are taken in one order in every
     * transaction, so concurrent groups wait for each other but never deadlock: the event rows (inserted in key
     * order), then every link in key order ({@link #RECORD_LINKS}, one statement), then every profile in
     * (partner, user) order ({@link #RECORD_PROFILE}, one statement per call). An anonymousId keeps the first userId
     * it was linked with.
     */
    private static void recordIdentities(Connection connection, List<TrackingEvent> events, Set<UUID> inserted)
            throws SQLException {
        List<TrackingEvent> calls = events.stream()
                .filter(event -> event.type().changesIdentity() && event.userId() != null && inserted.contains(event.id()))
                .sorted(Comparator.comparing(TrackingEvent::partnerId).thenComparing(TrackingEvent::userId))
                .toList();
        if (calls.isEmpty()) {
            return;
        }
        try (PreparedStatement links = connection.prepareStatement(RECORD_LINKS)) {
            links.setArray(1, connection.createArrayOf("uuid", calls.stream().map(TrackingEvent::id).toArray()));
            links.setString(2, calls.stream().map(TrackingEvent::receivedAt).min(Comparator.naturalOrder()).orElseThrow().toString());
            links.setString(3, calls.stream().map(TrackingEvent::receivedAt).max(Comparator.naturalOrder()).orElseThrow().toString());
            links.execute();
        }
        try (PreparedStatement profile = connection.prepareStatement(RECORD_PROFILE)) {
            for (TrackingEvent call : calls) {
                profile.setObject(1, call.id());
                profile.setString(2, call.receivedAt().toString());
                profile.addBatch();
            }
            profile.executeBatch();
        }
    }

    /**
     * What became of each event: stored under its own id when inserted, suppressed, else stored under the id of the
     * event that holds its messageId. Fails (and so rolls the transaction back) when that event cannot be found: a
     * DUPLICATE answer always names the stored event.
     */
    private List<Outcome> outcomes(Connection connection, List<TrackingEvent> events, Written written)
            throws SQLException {
        List<TrackingEvent> turnedAway = events.stream()
                .filter(e -> !written.stored().contains(e.id()) && !written.suppressed().contains(e.id())).toList();
        Map<String, UUID> existing = turnedAway.isEmpty() ? Map.of() : findExisting(connection, turnedAway);
        List<Outcome> outcomes = new ArrayList<>(events.size());
        for (TrackingEvent event : events) {
            if (written.stored().contains(event.id())) {
                outcomes.add(new Stored(event.id(), false));
                continue;
            }
            if (written.suppressed().contains(event.id())) {
                outcomes.add(new Suppressed());
                continue;
            }
            UUID holder = existing.get(key(event.partnerSystemId(), event.messageId()));
            if (holder == null) {
                throw new IllegalStateException("messageId of event " + event.id()
                        + " was turned away by the unique key, but no stored event holds it");
            }
            outcomes.add(new Stored(holder, true));
        }
        return outcomes;
    }

    private Map<String, UUID> findExisting(Connection connection, List<TrackingEvent> events) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(FIND_EXISTING)) {
            statement.setArray(1, connection.createArrayOf("uuid",
                    events.stream().map(TrackingEvent::partnerSystemId).toArray()));
            statement.setArray(2, connection.createArrayOf("text",
                    events.stream().map(TrackingEvent::messageId).toArray()));
            Map<String, UUID> found = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.put(key(rows.getObject(1, UUID.class), rows.getString(2)), rows.getObject(3, UUID.class));
                }
            }
            return found;
        }
    }

    /** Each value as text: instants in ISO-8601 with {@code Z}, which PostgreSQL reads the same in any time zone. */
    private static Array textArray(Connection connection, List<TrackingEvent> events,
                                   Function<TrackingEvent, Object> field) throws SQLException {
        String[] values = new String[events.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = field.apply(events.get(i));
            values[i] = value == null ? null : value instanceof Instant instant ? instant.toString() : value.toString();
        }
        return connection.createArrayOf("text", values);
    }

    private static int compareCodePoints(String a, String b) {
        return java.util.Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static String key(UUID systemId, String messageId) {
        return systemId + "/" + messageId;
    }
}
