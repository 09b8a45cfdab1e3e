package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.application.query.TrackingEventQueries;
import com.volcanion.tracking.application.query.EventView;
import com.volcanion.tracking.application.query.FindEventsQuery;
import com.volcanion.tracking.domain.event.ValidationError;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reads {@code read.tracking_events_read_model} newest first with a keyset condition
 * {@code (event_timestamp, id) < cursor}, served by the (partner|system, event_timestamp desc, id desc) indexes.
 */
@Repository
public class JdbcTrackingEventQueries implements TrackingEventQueries {

    private static final TypeReference<List<ValidationError>> ERRORS = new TypeReference<>() {
    };

    private final ReadDatabase reads;
    private final JsonMapper json;

    JdbcTrackingEventQueries(ReadDatabase reads, JsonMapper json) {
        this.reads = reads;
        this.json = json;
    }

    @Override
    public List<EventView> find(FindEventsQuery query, int limit) {
        StringBuilder sql = new StringBuilder("""
                select id, tracking_event_id, partner_id, partner_name, partner_system_id, system_name, message_id, type,
                       event_name, event_timestamp, user_id, anonymous_id, properties::text as properties,
                       context::text as context, valid,
                       validation_errors::text as validation_errors, correlation_id, received_at, processed_at
                from read.tracking_events_read_model
                """);
        List<Object> parameters = new ArrayList<>();
        sql.append(query.scope() == FindEventsQuery.Scope.PARTNER ? "where partner_id = ?" : "where partner_system_id = ?");
        parameters.add(query.scopeId());
        if (query.from() != null) {
            sql.append(" and event_timestamp >= ?");
            parameters.add(Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            sql.append(" and event_timestamp < ?");
            parameters.add(Timestamp.from(query.to()));
        }
        condition(sql, parameters, "event_name", query.eventName());
        condition(sql, parameters, "user_id", query.userId());
        condition(sql, parameters, "anonymous_id", query.anonymousId());
        condition(sql, parameters, "valid", query.valid());
        condition(sql, parameters, "type", query.type() == null ? null : query.type().name());
        if (query.cursor() != null) {
            sql.append(" and (event_timestamp, id) < (?, ?)");
            parameters.add(Timestamp.from(query.cursor().eventTimestamp()));
            parameters.add(query.cursor().id());
        }
        sql.append(" order by event_timestamp desc, id desc limit ?");
        parameters.add(limit);
        return reads.read(source -> source.jdbc().query(sql.toString(), (rs, row) -> new EventView(rs.getLong("id"),
                rs.getObject("tracking_event_id", UUID.class), rs.getObject("partner_id", UUID.class),
                rs.getString("partner_name"), rs.getObject("partner_system_id", UUID.class), rs.getString("system_name"),
                rs.getString("message_id"), EventType.valueOf(rs.getString("type")), rs.getString("event_name"), rs.getTimestamp("event_timestamp").toInstant(),
                rs.getString("user_id"), rs.getString("anonymous_id"), rs.getString("properties"), rs.getString("context"),
                rs.getBoolean("valid"),
                errors(rs.getString("validation_errors")), rs.getString("correlation_id"),
                rs.getTimestamp("received_at").toInstant(), rs.getTimestamp("processed_at").toInstant()),
                parameters.toArray()));
    }

    private List<ValidationError> errors(String validationErrors) {
        return validationErrors == null ? List.of() : json.readValue(validationErrors, ERRORS);
    }

    private static void condition(StringBuilder sql, List<Object> parameters, String column, Object value) {
        if (value != null) {
            sql.append(" and ").append(column).append(" = ?");
            parameters.add(value);
        }
    }
}
