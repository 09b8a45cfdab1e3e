package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.application.ingest.EventValidator.Verdict;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import com.volcanion.tracking.infrastructure.schema.NetworkntEventValidator;
import com.volcanion.tracking.application.port.TransientFailures;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;

/**
 * Runs revalidation jobs (docs/decisions.md, 39): the stored events of one name checked again against the event
 * structure as it is in the database now. A step is one transaction that takes the projector's advisory lock and the
 * job's row, reads the structure (a job whose structure was removed is FAILED), and then:
 * <ol>
 * <li>{@code READ_MODEL}: the next {@code batch-size} events of the name (and range, by event time) through the read
 * model's (partner, event name, event time) index, newest first, from the position the job reached;</li>
 * <li>{@code CATCH_UP}, once that pass is done: the events projected since the job started (they may have landed
 * behind its position) and the events the projector has not reached yet, each only while checked by an older
 * version than the structure's; the job is FINISHED in the step that finds none.</li>
 * </ol>
 * Each event whose schema version is not the structure's is checked; its write-side row gets {@code valid},
 * {@code validation_errors} and the version, its read-model row the first two, and the hourly invalid count of its
 * hour moves by the change. An event stored while the job runs was checked by the new structure at ingestion (its
 * version is the structure's) and is left as it is.
 */
@Component
@EnableConfigurationProperties(JobProperties.class)
public class RevalidationRunner extends JobRunner {

    private static final Logger log = LoggerFactory.getLogger(RevalidationRunner.class);

    /** The events of a name, read-model row and write-side row side by side. */
    private static final String PROJECTED = """
            select r.id as read_id, r.event_timestamp, r.partner_system_id, r.valid as read_valid, e.id, e.received_at,
                   e.properties::text as properties, e.schema_version, e.valid
            from read.tracking_events_read_model r
            join write.tracking_events e on e.id = r.tracking_event_id and e.received_at = r.received_at
            where r.partner_id = ? and r.event_name = ?
              and r.event_timestamp >= coalesce(?::timestamptz, '-infinity') and r.event_timestamp < coalesce(?::timestamptz, 'infinity')
            """;

    /** The events of a name the projector has not reached (as {@link TrackingEventProjector} reads them). */
    private static final String UNPROJECTED = """
            select null::bigint as read_id, event_timestamp, partner_system_id, null::boolean as read_valid, id, received_at,
                   properties::text as properties, schema_version, valid
            from write.tracking_events
            where (tx_id = any(array(select pg_snapshot_xip(?::pg_snapshot))) or tx_id >= pg_snapshot_xmax(?::pg_snapshot))
              and partner_id = ? and event_name = ? and schema_version is distinct from ?
              and event_timestamp >= coalesce(?::timestamptz, '-infinity') and event_timestamp < coalesce(?::timestamptz, 'infinity')
            limit ?
            """;

    private final TransactionTemplate transactions;
    private final NetworkntEventValidator validator;
    private final JobProperties properties;
    private final JsonMapper json;

    RevalidationRunner(JdbcTemplate jdbc, TransactionTemplate transactions, NetworkntEventValidator validator,
                       JobProperties properties, JsonMapper json, TransientFailures transientFailures,
                       MeterRegistry registry) {
        super("write.revalidation_jobs", "revalidations", properties, jdbc, transientFailures, registry);
        this.transactions = transactions;
        this.validator = validator;
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Step step(UUID jobId) {
        return transactions.execute(status -> {
            if (!tryProjectorLock()) {
                return Step.BUSY;
            }
            List<Job> jobs = jdbc.query("""
                    select partner_id, event_name, range_from, range_to, status, phase, after_timestamp, after_id,
                           coalesce(started_at, now()) as started_at, target_version
                    from write.revalidation_jobs where id = ? for update
                    """, (rs, row) -> new Job(rs.getObject("partner_id", UUID.class), rs.getString("event_name"),
                    instant(rs, "range_from"), instant(rs, "range_to"), rs.getString("status"), rs.getString("phase"),
                    instant(rs, "after_timestamp"), (Long) rs.getObject("after_id"), instant(rs, "started_at"),
                    (Integer) rs.getObject("target_version")), jobId);
            if (jobs.isEmpty() || !List.of("PENDING", "RUNNING").contains(jobs.getFirst().status())) {
                return Step.ENDED;
            }
            Job job = jobs.getFirst();
            List<Map<String, Object>> structure = jdbc.queryForList("select schema, version from "
                    + "write.partner_event_structures where partner_id = ? and event_name = ?", job.partnerId(), job.eventName());
            if (structure.isEmpty()) {
                fail(jobId, "the event structure was removed");
                return Step.ENDED;
            }
            int version = (Integer) structure.getFirst().get("version");
            Function<String, Verdict> checker = validator.checkerFor((String) structure.getFirst().get("schema"), version);
            if (!Objects.equals(job.targetVersion(), version)) {
                // first step, or the structure changed again: the pass starts over against this version (events
                // already checked by it are skipped); events projected since now are the stragglers to look for
                jdbc.update("update write.revalidation_jobs set status = 'RUNNING', target_version = ?, phase = "
                        + "'READ_MODEL', after_timestamp = null, after_id = null, started_at = now() where id = ?",
                        version, jobId);
                return Step.MORE;
            }
            int batch = properties.batchSize();
            if (job.phase().equals("READ_MODEL")) {
                List<Stored> events = jdbc.query(PROJECTED + " and (r.event_timestamp, r.id) < (coalesce(?::timestamptz, "
                        + "'infinity'), coalesce(?::bigint, 0)) order by r.event_timestamp desc, r.id desc limit ?",
                        this::stored, job.partnerId(), job.eventName(), bound(job.from()), bound(job.to()),
                        bound(job.afterTimestamp()), job.afterId(), batch);
                apply(jobId, job, events, version, checker);
                if (events.size() < batch) {
                    jdbc.update("update write.revalidation_jobs set phase = 'CATCH_UP' where id = ?", jobId);
                } else {
                    Stored last = events.getLast();
                    jdbc.update("update write.revalidation_jobs set after_timestamp = ?::timestamptz, after_id = ? "
                            + "where id = ?", last.eventTimestamp().toString(), last.readId(), jobId);
                }
                return Step.MORE;
            }
            List<Stored> late = jdbc.query(PROJECTED + " and r.processed_at >= ?::timestamptz and e.schema_version is "
                    + "distinct from ? limit ?", this::stored, job.partnerId(), job.eventName(), bound(job.from()),
                    bound(job.to()), job.startedAt().toString(), version, batch);
            if (late.isEmpty()) {
                String snapshot = jdbc.queryForObject("select projected_snapshot::text from read.projection_cursor "
                        + "where name = 'tracking_events'", String.class);
                late = jdbc.query(UNPROJECTED, this::stored, snapshot, snapshot, job.partnerId(), job.eventName(), version,
                        bound(job.from()), bound(job.to()), batch);
            }
            if (!late.isEmpty()) {
                apply(jobId, job, late, version, checker);
                return Step.MORE;
            }
            jdbc.update("update write.revalidation_jobs set status = 'FINISHED', finished_at = now() where id = ?", jobId);
            finished.increment();
            log.info("Revalidation {} of {} finished", jobId, job.eventName());
            return Step.ENDED;
        });
    }

    /**
     * Checks the events whose version is not the structure's, and counts them; writes what changed on both sides and
     * moves the hourly invalid counts of projected events by the change of their read-model verdict.
     */
    private void apply(UUID jobId, Job job, List<Stored> events, int version, Function<String, Verdict> checker) {
        List<Object[]> writeRows = new ArrayList<>();
        List<Object[]> readRows = new ArrayList<>();
        Map<List<Object>, Long> invalidDelta = new HashMap<>();
        long checked = 0;
        long becameValid = 0;
        long becameInvalid = 0;
        for (Stored event : events) {
            if (Objects.equals(event.schemaVersion(), version)) {
                continue;   // checked by this version already (at ingestion, or by an earlier step)
            }
            checked++;
            Verdict verdict = checker.apply(event.properties());
            boolean valid = verdict.errors().isEmpty();
            String errors = valid ? null : json.writeValueAsString(verdict.errors());
            writeRows.add(new Object[]{valid, errors, version, event.id(), event.receivedAt().toString()});
            becameValid += !event.valid() && valid ? 1 : 0;
            becameInvalid += event.valid() && !valid ? 1 : 0;
            if (event.readId() != null) {
                readRows.add(new Object[]{valid, errors, event.id(), event.receivedAt().toString()});
                if (event.readValid() != valid) {
                    invalidDelta.merge(List.of(event.eventTimestamp().truncatedTo(ChronoUnit.HOURS).toString(),
                            event.systemId()), valid ? -1L : 1L, Long::sum);
                }
            }
        }
        jdbc.batchUpdate("update write.tracking_events set valid = ?, validation_errors = ?::jsonb, schema_version = ? "
                + "where id = ? and received_at = ?::timestamptz", writeRows);
        jdbc.batchUpdate("update read.tracking_events_read_model set valid = ?, validation_errors = ?::jsonb "
                + "where tracking_event_id = ? and received_at = ?::timestamptz", readRows);
        List<Object[]> counts = new ArrayList<>();
        invalidDelta.forEach((bucket, delta) -> counts.add(new Object[]{delta, job.partnerId(), bucket.get(0),
                bucket.get(1), job.eventName()}));
        jdbc.batchUpdate("update read.event_stats_hourly set invalid_count = invalid_count + ? where partner_id = ? "
                + "and bucket_start = ?::timestamptz and partner_system_id = ? and event_name = ?", counts);
        jdbc.update("update write.revalidation_jobs set checked = checked + ?, became_valid = became_valid + ?, "
                + "became_invalid = became_invalid + ? where id = ?", checked, becameValid, becameInvalid, jobId);
    }

    private Stored stored(ResultSet rs, int row) throws SQLException {
        return new Stored((Long) rs.getObject("read_id"), rs.getObject("event_timestamp", OffsetDateTime.class).toInstant(),
                rs.getObject("partner_system_id", UUID.class), (Boolean) rs.getObject("read_valid"),
                rs.getObject("id", UUID.class), rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getString("properties"), (Integer) rs.getObject("schema_version"), rs.getBoolean("valid"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp bound(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    /** An event as stored: its read-model row ({@code readId} null when not projected yet) and its write-side row. */
    private record Stored(Long readId, Instant eventTimestamp, UUID systemId, Boolean readValid, UUID id,
                          Instant receivedAt, String properties, Integer schemaVersion, boolean valid) {
    }

    private record Job(UUID partnerId, String eventName, Instant from, Instant to, String status, String phase,
                       Instant afterTimestamp, Long afterId, Instant startedAt, Integer targetVersion) {
    }
}
