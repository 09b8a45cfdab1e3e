package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.port.TrackingEventStore.Stored;
import com.volcanion.tracking.domain.event.TrackingEvent;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Writes many events in one transaction and one statement: {@code INSERT ... SELECT FROM unnest(arrays)}
 * with {@code ON CONFLICT (partner_system_id, message_id) DO NOTHING}. Events the unique key turned away are
 * then looked up, so each caller learns the id its messageId is stored under. Concurrent writers of the same
 * messageId wait on each other inside PostgreSQL; exactly one row results and nobody sees an error.
 */
@Component
class JdbcTrackingEventWriter {

    private static final String INSERT = """
            insert into write.tracking_events (id, partner_id, partner_system_id, message_id, event_name,
                event_timestamp, client_timestamp, sent_at, received_at, user_id, anonymous_id, properties, context,
                valid, validation_errors, schema_version, correlation_id)
            select t.id::uuid, t.partner_id::uuid, t.partner_system_id::uuid, t.message_id, t.event_name,
                t.event_timestamp::timestamptz, t.client_timestamp::timestamptz, t.sent_at::timestamptz,
                t.received_at::timestamptz, t.user_id, t.anonymous_id, t.properties::jsonb, t.context::jsonb,
                t.valid::boolean, t.validation_errors::jsonb, t.schema_version::integer, t.correlation_id
            from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                        ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                as t(id, partner_id, partner_system_id, message_id, event_name, event_timestamp, client_timestamp,
                     sent_at, received_at, user_id, anonymous_id, properties, context, valid, validation_errors,
                     schema_version, correlation_id)
            on conflict (partner_system_id, message_id) do nothing
            returning id
            """;

    private static final String FIND_EXISTING = """
            select e.partner_system_id, e.message_id, e.id
            from write.tracking_events e
            join unnest(?::uuid[], ?::text[]) as k(partner_system_id, message_id)
              on e.partner_system_id = k.partner_system_id and e.message_id = k.message_id
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** The value of each column of INSERT, in order, as text. */
    private final List<Function<TrackingEvent, Object>> columns;

    JdbcTrackingEventWriter(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.columns = List.of(
                TrackingEvent::id, TrackingEvent::partnerId, TrackingEvent::partnerSystemId, TrackingEvent::messageId,
                TrackingEvent::eventName, TrackingEvent::eventTimestamp, TrackingEvent::clientTimestamp,
                TrackingEvent::sentAt, TrackingEvent::receivedAt, TrackingEvent::userId, TrackingEvent::anonymousId,
                TrackingEvent::properties, TrackingEvent::context, TrackingEvent::valid,
                event -> event.valid() ? null : json.writeValueAsString(event.validationErrors()),
                TrackingEvent::schemaVersion, TrackingEvent::correlationId);
    }

    /** Writes the events in one transaction; returns, in order, where each is stored. */
    List<Stored> write(List<TrackingEvent> events) {
        return transactions.execute(status -> {
            Set<UUID> inserted = insert(events);
            List<TrackingEvent> turnedAway = events.stream().filter(e -> !inserted.contains(e.id())).toList();
            Map<String, UUID> existing = turnedAway.isEmpty() ? Map.of() : findExisting(turnedAway);
            List<Stored> stored = new ArrayList<>(events.size());
            for (TrackingEvent event : events) {
                stored.add(inserted.contains(event.id()) ? new Stored(event.id(), false)
                        : new Stored(existing.get(key(event.partnerSystemId(), event.messageId())), true));
            }
            return stored;
        });
    }

    private Set<UUID> insert(List<TrackingEvent> events) {
        return jdbc.execute((Connection connection) -> {
            try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
                int column = 1;
                for (Function<TrackingEvent, Object> field : columns) {
                    statement.setArray(column++, textArray(connection, events, field));
                }
                Set<UUID> inserted = new HashSet<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(rows.getObject(1, UUID.class));
                    }
                }
                return inserted;
            }
        });
    }

    private Map<String, UUID> findExisting(List<TrackingEvent> events) {
        return jdbc.execute((Connection connection) -> {
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
        });
    }

    private static Array textArray(Connection connection, List<TrackingEvent> events,
                                   Function<TrackingEvent, Object> field) throws SQLException {
        String[] values = new String[events.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = field.apply(events.get(i));
            values[i] = value == null ? null : value instanceof Instant instant ? instant.toString() : value.toString();
        }
        return connection.createArrayOf("text", values);
    }

    private static String key(UUID systemId, String messageId) {
        return systemId + "/" + messageId;
    }
}
