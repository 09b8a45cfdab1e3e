package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.application.ingest.SystemCredentials;
import com.volcanion.tracking.domain.partner.SystemType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Looks a key hash up among current keys and previous keys still in their grace period. */
@Repository
public class JdbcSystemCredentials implements SystemCredentials {

    private static final String FIND_BY_KEY_HASH = """
            select s.id, s.partner_id, s.type, s.active as system_active, p.active as partner_active,
                   s.allowed_origins, s.rate_limit_per_second,
                   case when s.api_key_hash = ? then null else s.previous_key_valid_until end as key_valid_until
            from write.partner_systems s
            join write.partners p on p.id = s.partner_id
            where s.api_key_hash = ?
               or (s.previous_api_key_hash = ? and s.previous_key_valid_until > ?)
            """;

    private final JdbcTemplate jdbc;

    JdbcSystemCredentials(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<SystemCredential> findByKeyHash(String keyHash, Instant now) {
        return jdbc.query(FIND_BY_KEY_HASH, (rs, row) -> {
            Timestamp validUntil = rs.getTimestamp("key_valid_until");
            return new SystemCredential(rs.getObject("id", java.util.UUID.class),
                    rs.getObject("partner_id", java.util.UUID.class), SystemType.valueOf(rs.getString("type")),
                    rs.getBoolean("partner_active"), rs.getBoolean("system_active"),
                    origins(rs.getArray("allowed_origins")), validUntil == null ? null : validUntil.toInstant(),
                    rs.getObject("rate_limit_per_second", Integer.class));
        }, keyHash, keyHash, keyHash, Timestamp.from(now)).stream().findFirst();
    }

    private static List<String> origins(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }
}
