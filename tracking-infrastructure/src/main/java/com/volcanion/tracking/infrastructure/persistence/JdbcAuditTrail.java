package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The audit trail in {@code write.audit_records}. {@link JdbcTemplate} takes the connection of the surrounding
 * transaction (JPA's or plain JDBC's), so a record commits or rolls back with the change it describes.
 */
@Repository
public class JdbcAuditTrail implements AuditTrail {

    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    JdbcAuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** At the database's {@code now()}: the time the change's transaction began, the same for all its records. */
    @Override
    public void record(Actor actor, UUID partnerId, AuditEntry entry) {
        jdbc.update("insert into write.audit_records (partner_id, at, actor, action, target, details) "
                        + "values (?, now(), ?, ?, ?, ?::jsonb)",
                partnerId, actor.auditName(), entry.action(), entry.target(),
                json.writeValueAsString(entry.details()));
    }

    @Override
    public List<AuditRecord> find(UUID partnerId, Instant from, Instant to, RecordPosition after, int limit) {
        StringBuilder sql = new StringBuilder(
                "select id, at, actor, action, target, details::text from write.audit_records where partner_id = ?");
        List<Object> arguments = new ArrayList<>(List.of(partnerId));
        if (from != null) {
            sql.append(" and at >= ?");
            arguments.add(Timestamp.from(from));
        }
        if (to != null) {
            sql.append(" and at < ?");
            arguments.add(Timestamp.from(to));
        }
        if (after != null) {
            sql.append(" and (at, id) < (?, ?)");
            arguments.add(Timestamp.from(after.at()));
            arguments.add(after.id());
        }
        sql.append(" order by at desc, id desc limit ?");
        arguments.add(limit);
        return jdbc.query(sql.toString(), (rs, row) -> new AuditRecord(
                new RecordPosition(rs.getTimestamp("at").toInstant(), rs.getLong("id")), rs.getString("actor"),
                rs.getString("action"), rs.getString("target"), json.readValue(rs.getString("details"), DETAILS)),
                arguments.toArray());
    }
}
