package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.application.query.StatisticsViews;
import com.volcanion.tracking.application.query.GetStatisticsQuery;
import com.volcanion.tracking.application.query.StatisticsView;
import com.volcanion.tracking.application.query.StatisticsView.EventNameCount;
import com.volcanion.tracking.application.query.StatisticsView.SystemCount;
import com.volcanion.tracking.application.query.StatisticsView.TimeBucket;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Statistics from {@code read.event_stats_hourly} (one row per hour, system and event name) and
 * {@code read.unique_user_sketches}: a request reads O(buckets) rows whatever the number of events. Unique
 * users merge the daily sketches of whole days in the range and the hourly sketches of the hours at its edges:
 * for a question about one system or event name, that system's or name's sketches; for the whole partner, the
 * partner's own sketches ({@link #WHOLE_PARTNER}), one per bucket instead of one per system and event name.
 */
@Repository
public class JdbcStatisticsViews implements StatisticsViews {

    /**
     * The {@code partner_system_id} of a partner's whole-partner sketches, which have the event name {@code ''}:
     * no system has the nil UUID and no event name is empty, so these rows never mix with the others.
     */
    public static final UUID WHOLE_PARTNER = new UUID(0, 0);

    private final ReadDatabase reads;

    JdbcStatisticsViews(ReadDatabase reads) {
        this.reads = reads;
    }

    @Override
    public StatisticsView compute(GetStatisticsQuery query) {
        return reads.read(source -> compute(source.jdbc(), query));
    }

    private static StatisticsView compute(JdbcTemplate jdbc, GetStatisticsQuery query) {
        Filter filter = new Filter(query);
        Map<String, long[]> byEventName = new TreeMap<>();
        Map<UUID, Long> bySystem = new HashMap<>();
        Map<Instant, long[]> timeSeries = new TreeMap<>();
        long[] totals = new long[2];
        String bucket = query.interval().sqlUnit();
        // one scan of the hourly rows, summed three ways by PostgreSQL
        jdbc.query("select event_name, partner_system_id, date_trunc('" + bucket + "', bucket_start, 'UTC') as bucket, "
                + "sum(event_count) as event_count, sum(invalid_count) as invalid_count, "
                + "grouping(event_name) as by_name, grouping(partner_system_id) as by_system "
                + "from read.event_stats_hourly where partner_id = ? and bucket_start >= ? and bucket_start < ?"
                + filter.sql() + " group by grouping sets ((event_name), (partner_system_id), (3))", rs -> {
            long count = rs.getLong("event_count");
            long invalid = rs.getLong("invalid_count");
            if (rs.getInt("by_name") == 0) {
                byEventName.put(rs.getString("event_name"), new long[]{count, invalid});
                totals[0] += count;
                totals[1] += invalid;
            } else if (rs.getInt("by_system") == 0) {
                bySystem.put(rs.getObject("partner_system_id", UUID.class), count);
            } else {
                timeSeries.put(rs.getTimestamp("bucket").toInstant(), new long[]{count, invalid});
            }
        }, filter.parameters(query.partnerId(), query.from(), query.to()));

        Map<UUID, String> systemNames = new HashMap<>();
        jdbc.query("select id, name from write.partner_systems where partner_id = ?",
                rs -> {
                    systemNames.put(rs.getObject("id", UUID.class), rs.getString("name"));
                }, query.partnerId());

        List<EventNameCount> names = new ArrayList<>();
        byEventName.forEach((name, counts) -> names.add(new EventNameCount(name, counts[0], counts[1])));
        names.sort((a, b) -> Long.compare(b.count(), a.count()));
        List<SystemCount> systems = new ArrayList<>();
        bySystem.forEach((id, count) -> systems.add(new SystemCount(id, systemNames.get(id), count)));
        systems.sort((a, b) -> Long.compare(b.count(), a.count()));
        List<TimeBucket> series = new ArrayList<>();
        timeSeries.forEach((start, counts) -> series.add(new TimeBucket(start, counts[0], counts[1])));
        return new StatisticsView(query.from(), query.to(), totals[0], totals[0] - totals[1], totals[1],
                uniqueUsers(jdbc, query, filter), names, systems, series);
    }

    private static long uniqueUsers(JdbcTemplate jdbc, GetStatisticsQuery query, Filter filter) {
        Instant firstDay = query.from().truncatedTo(ChronoUnit.DAYS);
        if (firstDay.isBefore(query.from())) {
            firstDay = firstDay.plus(Duration.ofDays(1));
        }
        Instant endOfDays = query.to().truncatedTo(ChronoUnit.DAYS);
        if (!firstDay.isBefore(endOfDays)) {
            firstDay = query.to();
            endOfDays = query.to();
        }
        HyperLogLog union = new HyperLogLog();
        List<Object> parameters = new ArrayList<>(List.of(query.partnerId(),
                Timestamp.from(firstDay), Timestamp.from(endOfDays),
                Timestamp.from(query.from()), Timestamp.from(firstDay.isBefore(query.to()) ? firstDay : query.to()),
                Timestamp.from(endOfDays), Timestamp.from(query.to())));
        parameters.addAll(filter.sketchValues());
        jdbc.query("""
                select sketch from read.unique_user_sketches
                where partner_id = ?
                  and ((granularity = 'D' and bucket_start >= ? and bucket_start < ?)
                    or (granularity = 'H' and ((bucket_start >= ? and bucket_start < ?)
                                            or (bucket_start >= ? and bucket_start < ?))))
                """ + filter.sketchSql(), rs -> {
            union.merge(HyperLogLog.fromBytes(rs.getBytes("sketch")));
        }, parameters.toArray());
        return union.estimate();
    }

    /** The optional system and event-name conditions shared by both queries. */
    private record Filter(UUID systemId, String eventName) {

        Filter(GetStatisticsQuery query) {
            this(query.systemId(), query.eventName());
        }

        String sql() {
            return (systemId == null ? "" : " and partner_system_id = ?") + (eventName == null ? "" : " and event_name = ?");
        }

        /** Which sketches answer: those of the system or event name asked about, else the whole partner's. */
        String sketchSql() {
            return isEmpty() ? " and partner_system_id = ? and event_name = ''" : sql();
        }

        List<Object> sketchValues() {
            return isEmpty() ? List.of(WHOLE_PARTNER) : values();
        }

        private boolean isEmpty() {
            return systemId == null && eventName == null;
        }

        List<Object> values() {
            List<Object> values = new ArrayList<>();
            if (systemId != null) {
                values.add(systemId);
            }
            if (eventName != null) {
                values.add(eventName);
            }
            return values;
        }

        Object[] parameters(UUID partnerId, Instant from, Instant to) {
            List<Object> all = new ArrayList<>(List.of(partnerId, Timestamp.from(from), Timestamp.from(to)));
            all.addAll(values());
            return all.toArray();
        }
    }
}
