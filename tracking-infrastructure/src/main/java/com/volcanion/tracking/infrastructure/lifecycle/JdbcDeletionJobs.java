package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.application.lifecycle.DeletionJob;
import com.volcanion.tracking.application.lifecycle.JobStatus;
import com.volcanion.tracking.application.lifecycle.DeletionJobs;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** Deletion jobs in {@code write.deletion_jobs}, suppressions in {@code write.suppressions}. */
@Repository
class JdbcDeletionJobs implements DeletionJobs {

    private static final RowMapper<DeletionJob> JOB = (rs, row) -> new DeletionJob(rs.getObject("id", UUID.class),
            rs.getObject("partner_id", UUID.class), texts(rs.getArray("user_ids")), texts(rs.getArray("anonymous_ids")),
            rs.getBoolean("suppress"), JobStatus.valueOf(rs.getString("status")), rs.getLong("deleted_events"),
            rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("finished_at") == null ? null : rs.getTimestamp("finished_at").toInstant());

    private final JdbcTemplate jdbc;

    JdbcDeletionJobs(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(DeletionJob job) {
        jdbc.update("insert into write.deletion_jobs (id, partner_id, user_ids, anonymous_ids, suppress, status, "
                        + "created_at) values (?, ?, ?::text[], ?::text[], ?, ?, ?)", job.id(), job.partnerId(),
                job.userIds().toArray(String[]::new), job.anonymousIds().toArray(String[]::new), job.suppress(),
                job.status().name(), Timestamp.from(job.createdAt()));
        if (job.suppress()) {
            jdbc.update("""
                    insert into write.suppressions (partner_id, subject, deletion_id, created_at)
                    select ?, subject, ?, ? from unnest(?::text[]) as subject
                    order by subject collate "C"
                    on conflict (partner_id, subject) do nothing
                    """, job.partnerId(), job.id(), Timestamp.from(job.createdAt()),
                    Stream.concat(job.userIds().stream(), job.anonymousIds().stream()).toArray(String[]::new));
        }
    }

    @Override
    public Optional<DeletionJob> find(UUID partnerId, UUID jobId) {
        return jdbc.query("select * from write.deletion_jobs where partner_id = ? and id = ?", JOB, partnerId, jobId)
                .stream().findFirst();
    }

    @Override
    public boolean liftSuppression(UUID partnerId, String subject) {
        return jdbc.update("delete from write.suppressions where partner_id = ? and subject = ?", partnerId, subject) > 0;
    }

    private static List<String> texts(Array array) throws SQLException {
        return List.of((String[]) array.getArray());
    }
}
