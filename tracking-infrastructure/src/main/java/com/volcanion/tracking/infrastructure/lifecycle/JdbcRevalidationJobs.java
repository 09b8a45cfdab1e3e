package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.application.lifecycle.JobStatus;
import com.volcanion.tracking.application.lifecycle.RevalidationJob;
import com.volcanion.tracking.application.lifecycle.RevalidationJobs;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Revalidation jobs in {@code write.revalidation_jobs}. */
@Repository
class JdbcRevalidationJobs implements RevalidationJobs {

    private static final RowMapper<RevalidationJob> JOB = (rs, row) -> new RevalidationJob(rs.getObject("id", UUID.class),
            rs.getObject("partner_id", UUID.class), rs.getString("event_name"), instant(rs, "range_from"),
            instant(rs, "range_to"), JobStatus.valueOf(rs.getString("status")), rs.getLong("checked"),
            rs.getLong("became_valid"), rs.getLong("became_invalid"), instant(rs, "created_at"),
            instant(rs, "finished_at"));

    private final JdbcTemplate jdbc;

    JdbcRevalidationJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(RevalidationJob job) {
        jdbc.update("insert into write.revalidation_jobs (id, partner_id, event_name, range_from, range_to, status, "
                        + "created_at) values (?, ?, ?, ?, ?, ?, ?)", job.id(), job.partnerId(), job.eventName(),
                timestamp(job.from()), timestamp(job.to()), job.status().name(), timestamp(job.createdAt()));
    }

    @Override
    public Optional<RevalidationJob> find(UUID partnerId, String eventName, UUID jobId) {
        return jdbc.query("select * from write.revalidation_jobs where partner_id = ? and event_name = ? and id = ?", JOB,
                partnerId, eventName, jobId).stream().findFirst();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
