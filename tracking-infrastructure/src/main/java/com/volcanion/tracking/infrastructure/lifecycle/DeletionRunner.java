package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.infrastructure.readmodel.JdbcStatisticsViews;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import com.volcanion.tracking.infrastructure.readmodel.SessionIslands;
import com.volcanion.tracking.infrastructure.readmodel.UniqueUserSketches;
import com.volcanion.tracking.infrastructure.readmodel.UniqueUserSketches.SketchKey;
import com.volcanion.tracking.application.port.TransientFailures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Runs GDPR deletion jobs (docs/decisions.md, 38), on every node, one step at a time. A step is one transaction that
 * first takes the projector's advisory lock (so the read model, the statistics and the sketches hold still) and the
 * job's row, then does the first of these that has work left:
 * <ol>
 * <li>removes up to {@code batch-size} of the persons' events: found through the read model's (partner, userId) and
 * (partner, anonymousId) indexes, each with its write-side row and dedup key, the hourly counts lowered by what was
 * counted, the unique-user sketch buckets they fell in noted, and the sessions of their visitors that are not the
 * persons (an anonymousId on an event of one of the userIds) computed again from the events that remain; then those of the events the projector has not
 * reached yet (the write-side rows past its snapshot, read through the (tx_id, seq) index);</li>
 * <li>erases the persons' profiles, identity links and sessions, and their anonymousIds from the lists of the profiles they are
 * linked to (links locked in key order, then profiles in user order, as ingestion locks them);</li>
 * <li>rebuilds up to {@value #SKETCHES_PER_STEP} of the noted sketches from the events that remain;</li>
 * <li>else marks the job FINISHED: in the transaction that found nothing of the persons left.</li>
 * </ol>
 * The persons are the job's userIds and anonymousIds and the anonymousIds the identity map links to those userIds,
 * gathered into the job at each step and from every link step 2 erases (a link made while the job runs included), so
 * the events of an anonymousId linked late are found by the next step; a finished job forgets them. A step that fails rolls back whole
 * ({@link JobRunner} retries it); a node killed mid-step leaves nothing half-done: the job resumes from its committed
 * steps.
 */
@Component
@EnableConfigurationProperties(JobProperties.class)
public class DeletionRunner extends JobRunner {

    static final int SKETCHES_PER_STEP = 50;
    private static final Logger log = LoggerFactory.getLogger(DeletionRunner.class);

    private static final String PERSON = "partner_id = ? and (user_id = any(?::text[]) or anonymous_id = any(?::text[]))";

    /** The persons' projected events, a batch: read rows, counts, sketch buckets, write rows, dedup keys. */
    private static final String DELETE_PROJECTED = """
            with victims as (
                select tracking_event_id, received_at from read.tracking_events_read_model where %1$s limit ?
            ), gone as (
                delete from read.tracking_events_read_model r using victims v
                where r.tracking_event_id = v.tracking_event_id and r.received_at = v.received_at
                returning r.partner_id, r.partner_system_id, r.event_name, r.event_timestamp, r.valid,
                          coalesce(r.anonymous_id, r.user_id) as visitor
            ), lowered as (
                update read.event_stats_hourly h
                set event_count = h.event_count - c.events, invalid_count = h.invalid_count - c.invalid
                from (select partner_id, date_trunc('hour', event_timestamp, 'UTC') as bucket_start, partner_system_id,
                             event_name, count(*) as events, count(*) filter (where not valid) as invalid
                      from gone group by 1, 2, 3, 4) c
                where h.partner_id = c.partner_id and h.bucket_start = c.bucket_start
                  and h.partner_system_id = c.partner_system_id and h.event_name = c.event_name
            ), buckets as (
                insert into write.deletion_job_buckets (job_id, granularity, bucket_start, partner_system_id, event_name)
                select distinct ?::uuid, b.granularity, b.bucket_start, b.partner_system_id, b.event_name
                from gone g cross join lateral (values
                    ('H', date_trunc('hour', g.event_timestamp, 'UTC'), g.partner_system_id, g.event_name),
                    ('D', date_trunc('day', g.event_timestamp, 'UTC'), g.partner_system_id, g.event_name),
                    ('H', date_trunc('hour', g.event_timestamp, 'UTC'), ?::uuid, ''),
                    ('D', date_trunc('day', g.event_timestamp, 'UTC'), ?::uuid, '')
                ) as b(granularity, bucket_start, partner_system_id, event_name)
                on conflict do nothing
            ), events as (
                delete from write.tracking_events e using victims v
                where e.id = v.tracking_event_id and e.received_at = v.received_at
                returning e.partner_system_id, e.message_id, e.id
            ), keys as (
                %2$s
            )
            select (select count(*) from gone) as read_rows, (select count(*) from events) as events,
                   array(select distinct visitor from gone where visitor is not null) as visitors
            """.formatted(PERSON, PartitionMaintainer.deleteKeysOf("events"));

    /**
     * The persons' events the projector has not reached: of the transactions its projected snapshot saw in progress,
     * and from its xmax on (as {@link TrackingEventProjector} reads them).
     */
    private static final String DELETE_UNPROJECTED = """
            with victims as (
                (select id, received_at from write.tracking_events
                 where tx_id = any(array(select pg_snapshot_xip(?::pg_snapshot))) and %1$s limit ?)
                union all
                (select id, received_at from write.tracking_events
                 where tx_id >= pg_snapshot_xmax(?::pg_snapshot) and %1$s limit ?)
            ), events as (
                delete from write.tracking_events e using victims v where e.id = v.id and e.received_at = v.received_at
                returning e.partner_system_id, e.message_id, e.id
            ), keys as (
                %2$s
            )
            select count(*) from events
            """.formatted(PERSON, PartitionMaintainer.deleteKeysOf("events"));

    private final TransactionTemplate transactions;
    private final UniqueUserSketches sketches;
    private final SessionIslands sessions;
    private final JobProperties properties;
    private final RetentionProperties retention;
    private final Counter deletedEvents;

    DeletionRunner(JdbcTemplate jdbc, TransactionTemplate transactions, UniqueUserSketches sketches,
                   SessionIslands sessions, JobProperties properties, RetentionProperties retention, TransientFailures transientFailures,
                   MeterRegistry registry) {
        super("write.deletion_jobs", "deletions", properties, jdbc, transientFailures, registry);
        this.transactions = transactions;
        this.sketches = sketches;
        this.sessions = sessions;
        this.properties = properties;
        this.retention = retention;
        this.deletedEvents = Counter.builder("tracking.deletions.events").description(
                "Stored events removed by GDPR deletions").register(registry);
    }

    /** One step of the job (see the class comment). */
    @Override
    public Step step(UUID jobId) {
        boolean[] finishedNow = {false};
        Step step = transactions.execute(status -> {
            if (!tryProjectorLock()) {
                return Step.BUSY;
            }
            List<Job> jobs = jdbc.query("select partner_id, user_ids, anonymous_ids, linked_anonymous_ids, status "
                    + "from write.deletion_jobs where id = ? for update", (rs, row) -> new Job(jobId,
                    rs.getObject("partner_id", UUID.class), (String[]) rs.getArray("user_ids").getArray(),
                    (String[]) rs.getArray("anonymous_ids").getArray(),
                    (String[]) rs.getArray("linked_anonymous_ids").getArray(), rs.getString("status")), jobId);
            if (jobs.isEmpty() || !Set.of("PENDING", "RUNNING").contains(jobs.getFirst().status())) {
                return Step.ENDED;
            }
            Job job = jobs.getFirst();
            String[] linked = union(job.linked(), jdbc.queryForObject("select coalesce(array_agg(anonymous_id), '{}') "
                    + "from write.identity_links where partner_id = ? and user_id = any(?::text[])",
                    (rs, row) -> (String[]) rs.getArray(1).getArray(), job.partnerId(), job.userIds()));
            jdbc.update("update write.deletion_jobs set status = 'RUNNING', linked_anonymous_ids = ?::text[] where id = ?",
                    linked, jobId);
            String[] anonymousIds = union(job.anonymousIds(), linked);
            Removed removed = deleteEvents(jobId, job, anonymousIds);
            if (removed.any()) {
                jdbc.update("update write.deletion_jobs set deleted_events = deleted_events + ? where id = ?",
                        removed.events(), jobId);
                deletedEvents.increment(removed.events());
                return Step.MORE;
            }
            if (erasePersons(job, anonymousIds) > 0 || rebuildSketches(jobId, job.partnerId()) > 0) {
                return Step.MORE;   // each in a transaction of its own: the next step looks again for events
            }
            // nothing of the persons left: finished, and the job forgets which anonymousIds were linked to whom
            jdbc.update("update write.deletion_jobs set status = 'FINISHED', finished_at = now(), "
                    + "linked_anonymous_ids = '{}' where id = ?", jobId);
            finishedNow[0] = true;
            return Step.ENDED;
        });
        if (finishedNow[0]) {
            finished.increment();
            log.info("Deletion {} finished", jobId);
        }
        return step;
    }

    /** Removes a batch of the persons' events: projected ones first, then those the projector has not reached. */
    private Removed deleteEvents(UUID jobId, Job job, String[] anonymousIds) {
        int batch = properties.batchSize();
        Removed projected = jdbc.queryForObject(DELETE_PROJECTED, (rs, row) -> new Removed(rs.getLong("read_rows"),
                        rs.getLong("events"), List.of((String[]) rs.getArray("visitors").getArray())),
                job.partnerId(), job.userIds(), anonymousIds, batch, jobId,
                JdbcStatisticsViews.WHOLE_PARTNER, JdbcStatisticsViews.WHOLE_PARTNER);
        // a visitor that is one of the persons loses every session (erasePersons); another one (the anonymousId of an
        // event of one of the userIds, linked to no one) keeps the sessions of its other events
        Set<String> persons = new HashSet<>(List.of(job.userIds()));
        persons.addAll(List.of(anonymousIds));
        sessions.rebuild(job.partnerId(), projected.visitors().stream().filter(visitor -> !persons.contains(visitor)).toList());
        if (projected.any()) {
            return projected;
        }
        String snapshot = jdbc.queryForObject("select projected_snapshot::text from read.projection_cursor "
                + "where name = 'tracking_events'", String.class);
        long unprojected = jdbc.queryForObject(DELETE_UNPROJECTED, Long.class, snapshot, job.partnerId(), job.userIds(),
                anonymousIds, batch, snapshot, job.partnerId(), job.userIds(), anonymousIds, batch);
        return new Removed(0, unprojected, List.of());
    }

    /** The first instant retention keeps events from (by the database's clock), or null when it keeps everything. */
    private Instant retainedSince() {
        if (retention.days() == 0) {
            return null;
        }
        Instant cutoff = jdbc.queryForObject("select now()", OffsetDateTime.class).toInstant()
                .minus(Duration.ofDays(retention.days()));
        return YearMonth.from(cutoff.atZone(ZoneOffset.UTC)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** What one batch removed: read-model rows, and stored events (write-side rows). */
    /** What a batch removed: read-model rows, write-side events, and the visitors of the read-model rows. */
    private record Removed(long readRows, long events, List<String> visitors) {

        boolean any() {
            return readRows > 0 || events > 0;
        }
    }

    /**
     * Erases the persons' identity links, profiles and sessions, and their anonymousIds from the profiles of the
     * users those are linked to; returns the rows changed. Links are locked first, in key order, then profiles in
     * user order, as ingestion takes them (JdbcTrackingEventWriter.recordIdentities). A link that appeared since the
     * step began (an identify of one of the users) is erased here too; the next step then finds it in the job's linked
     * anonymousIds and removes its events.
     */
    private int erasePersons(Job job, String[] anonymousIds) {
        int changed = 0;
        for (String side : List.of("write", "read")) {
            jdbc.query("select 1 from " + side + ".identity_links where partner_id = ? and (user_id = any(?::text[]) "
                    + "or anonymous_id = any(?::text[])) order by anonymous_id collate \"C\" for update", rs -> null,
                    job.partnerId(), job.userIds(), anonymousIds);
            jdbc.query("select 1 from " + side + ".user_profiles where partner_id = ? and (user_id = any(?::text[]) "
                    + "or user_id in (select user_id from " + side + ".identity_links where partner_id = ? "
                    + "and anonymous_id = any(?::text[]))) order by user_id collate \"C\" for update", rs -> null,
                    job.partnerId(), job.userIds(), job.partnerId(), anonymousIds);
            changed += jdbc.update("update " + side + ".user_profiles p set anonymous_ids = array(select a from "
                    + "unnest(p.anonymous_ids) a where a <> all(?::text[])) where p.partner_id = ? and p.user_id in "
                    + "(select user_id from " + side + ".identity_links where partner_id = ? and anonymous_id = any(?::text[])) "
                    + "and p.anonymous_ids && ?::text[]", anonymousIds, job.partnerId(), job.partnerId(), anonymousIds,
                    anonymousIds);
            changed += jdbc.update("delete from " + side + ".user_profiles where partner_id = ? and user_id = any(?::text[])",
                    job.partnerId(), job.userIds());
            if (side.equals("read")) {   // their sessions, those of events retention dropped included
                changed += sessions.remove(job.partnerId(),
                        Stream.concat(Arrays.stream(job.userIds()), Arrays.stream(anonymousIds)).toArray(String[]::new));
            }
            List<String> erasedLinks = jdbc.queryForList("delete from " + side + ".identity_links where partner_id = ? "
                    + "and (user_id = any(?::text[]) or anonymous_id = any(?::text[])) returning anonymous_id", String.class,
                    job.partnerId(), job.userIds(), anonymousIds);
            changed += erasedLinks.size();
            if (side.equals("write")) {
                jdbc.update("update write.deletion_jobs set linked_anonymous_ids = array(select distinct unnest("
                        + "linked_anonymous_ids || ?::text[])) where id = ?", erasedLinks.toArray(String[]::new), job.id());
            }
        }
        return changed;
    }

    /** Rebuilds some of the sketches the job's deleted events fell in; returns how many. */
    private int rebuildSketches(UUID jobId, UUID partnerId) {
        List<SketchKey> keys = jdbc.query("select granularity, bucket_start, partner_system_id, event_name "
                // every hour before any day, across steps: a day's sketch is the merge of its hours'
                + "from write.deletion_job_buckets where job_id = ? order by granularity desc limit ?",
                (rs, row) -> new SketchKey(partnerId,
                rs.getObject("partner_system_id", UUID.class), rs.getString("event_name"), rs.getString("granularity"),
                rs.getObject("bucket_start", OffsetDateTime.class).toInstant()), jobId, SKETCHES_PER_STEP);
        if (keys.isEmpty()) {
            return 0;
        }
        // a bucket older than what retention keeps may have lost events to it: rebuilt from what remains, it would
        // forget users whose events retention dropped, so it is left as it is (the persons stay counted there)
        Instant kept = retainedSince();
        sketches.rebuild(keys.stream().filter(key -> kept == null || !key.bucketStart().isBefore(kept)).toList());
        for (SketchKey key : keys) {
            jdbc.update("delete from write.deletion_job_buckets where job_id = ? and granularity = ? "
                            + "and bucket_start = ?::timestamptz and partner_system_id = ? and event_name = ?", jobId,
                    key.granularity(), key.bucketStart().toString(), key.systemId(), key.eventName());
        }
        return keys.size();
    }

    private static String[] union(String[] a, String[] b) {
        Set<String> all = new LinkedHashSet<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private record Job(UUID id, UUID partnerId, String[] userIds, String[] anonymousIds, String[] linked, String status) {
    }
}
