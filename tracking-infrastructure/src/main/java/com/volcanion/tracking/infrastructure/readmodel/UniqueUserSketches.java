package com.volcanion.tracking.infrastructure.readmodel;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The unique-user sketches of {@code read.unique_user_sketches}: one {@link HyperLogLog} per UTC hour and day, per
 * system and event name, and per partner as a whole ({@link JdbcStatisticsViews#WHOLE_PARTNER}), so that unique
 * users of any range and filter are a union of sketches rather than a count over the events.
 * <p>
 * {@link #add} reads the sketches the users fall in, adds them and writes the sketches back, within the caller's
 * transaction: the projector's, which holds the projection lock, so no two writers merge the same sketch.
 */
@Component
public class UniqueUserSketches {

    private static final String READ = """
            select s.partner_id, s.partner_system_id, s.event_name, s.granularity, s.bucket_start, s.sketch
            from read.unique_user_sketches s
            join unnest(?::uuid[], ?::char(1)[], ?::text[]::timestamptz[], ?::uuid[], ?::text[])
                as k(partner_id, granularity, bucket_start, partner_system_id, event_name)
              using (partner_id, granularity, bucket_start, partner_system_id, event_name)
            """;

    private static final String WRITE = """
            insert into read.unique_user_sketches (partner_id, granularity, bucket_start, partner_system_id,
                event_name, sketch)
            select * from unnest(?::uuid[], ?::char(1)[], ?::text[]::timestamptz[], ?::uuid[], ?::text[], ?::bytea[])
            on conflict (partner_id, granularity, bucket_start, partner_system_id, event_name)
            do update set sketch = excluded.sketch
            """;

    private final JdbcTemplate jdbc;

    UniqueUserSketches(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A user seen: by an event of this partner, system and name, at this time (its hour and day are cut in UTC). */
    record UserSeen(UUID partnerId, UUID systemId, String eventName, Instant at, String userKey) {
    }

    /** Adds each user to the hourly and daily sketches of its system and event name, and of its partner. */
    void add(List<UserSeen> users) {
        Map<SketchKey, Set<String>> usersByBucket = new HashMap<>();
        for (UserSeen user : users) {
            if (user.userKey() == null) {
                continue;
            }
            for (SketchKey key : SketchKey.of(user)) {
                usersByBucket.computeIfAbsent(key, k -> new HashSet<>()).add(user.userKey());
            }
        }
        if (usersByBucket.isEmpty()) {
            return;
        }
        List<SketchKey> keys = List.copyOf(usersByBucket.keySet());
        Map<SketchKey, HyperLogLog> sketches = new HashMap<>();
        jdbc.query(connection -> withKeys(connection.prepareStatement(READ), connection, keys), rs -> {
            sketches.put(new SketchKey(rs.getObject("partner_id", UUID.class), rs.getObject("partner_system_id", UUID.class),
                    rs.getString("event_name"), rs.getString("granularity"), rs.getTimestamp("bucket_start").toInstant()),
                    HyperLogLog.fromBytes(rs.getBytes("sketch")));
        });
        byte[][] merged = new byte[keys.size()][];
        for (int i = 0; i < keys.size(); i++) {
            HyperLogLog sketch = sketches.computeIfAbsent(keys.get(i), k -> new HyperLogLog());
            usersByBucket.get(keys.get(i)).forEach(sketch::add);
            merged[i] = sketch.toBytes();
        }
        jdbc.update(connection -> {
            PreparedStatement statement = withKeys(connection.prepareStatement(WRITE), connection, keys);
            statement.setArray(6, connection.createArrayOf("bytea", merged));
            return statement;
        });
    }

    /** Binds the keys as the five arrays of parameters 1 to 5 (instants as ISO-8601 text with Z: UTC whatever the session). */
    private static PreparedStatement withKeys(PreparedStatement statement, Connection connection, List<SketchKey> keys)
            throws SQLException {
        statement.setArray(1, connection.createArrayOf("uuid", keys.stream().map(SketchKey::partnerId).toArray()));
        statement.setArray(2, connection.createArrayOf("text", keys.stream().map(SketchKey::granularity).toArray()));
        statement.setArray(3, connection.createArrayOf("text", keys.stream().map(k -> k.bucketStart().toString()).toArray()));
        statement.setArray(4, connection.createArrayOf("uuid", keys.stream().map(SketchKey::systemId).toArray()));
        statement.setArray(5, connection.createArrayOf("text", keys.stream().map(SketchKey::eventName).toArray()));
        return statement;
    }

    /**
     * Recomputes these sketches from the read model's events as they are now (a deletion removed some of them); a
     * sketch left without users is deleted. An hour's sketch is rebuilt from that hour's events (streamed, not held);
     * a day's is the merge of its 24 hour sketches, so the hours come first. Within the caller's transaction, which
     * holds the projection lock (no projector merges into a sketch while it is rebuilt).
     */
    public void rebuild(List<SketchKey> keys) {
        List<SketchKey> hoursFirst = keys.stream().sorted(Comparator.comparing(SketchKey::granularity).reversed()).toList();
        for (SketchKey key : hoursFirst) {
            HyperLogLog sketch = new HyperLogLog();
            boolean[] any = {false};
            String start = key.bucketStart().toString();
            if ("H".equals(key.granularity())) {
                String end = key.bucketStart().plus(1, ChronoUnit.HOURS).toString();
                RowCallbackHandler add = rs -> {
                    sketch.add(rs.getString(1));
                    any[0] = true;
                };
                if (JdbcStatisticsViews.WHOLE_PARTNER.equals(key.systemId())) {
                    jdbc.query(USERS_OF_PARTNER, add, key.partnerId(), start, end);
                } else {
                    jdbc.query(USERS_OF_SYSTEM_EVENT, add, key.partnerId(), key.systemId(), key.eventName(), start, end);
                }
            } else {
                jdbc.query(HOURS_OF_DAY, rs -> {
                    sketch.merge(HyperLogLog.fromBytes(rs.getBytes(1)));
                    any[0] = true;
                }, key.partnerId(), key.systemId(), key.eventName(), start,
                        key.bucketStart().plus(1, ChronoUnit.DAYS).toString());
            }
            if (!any[0]) {
                jdbc.update("delete from read.unique_user_sketches where partner_id = ? and granularity = ? "
                                + "and bucket_start = ?::timestamptz and partner_system_id = ? and event_name = ?",
                        key.partnerId(), key.granularity(), start, key.systemId(), key.eventName());
                continue;
            }
            jdbc.update(connection -> {
                PreparedStatement statement = withKeys(connection.prepareStatement(WRITE), connection, List.of(key));
                statement.setArray(6, connection.createArrayOf("bytea", new byte[][]{sketch.toBytes()}));
                return statement;
            });
        }
    }

    private static final String HOURS_OF_DAY = """
            select sketch from read.unique_user_sketches
            where partner_id = ? and granularity = 'H' and partner_system_id = ? and event_name = ?
              and bucket_start >= ?::timestamptz and bucket_start < ?::timestamptz
            """;

    private static final String USERS_OF_PARTNER = """
            select distinct coalesce(user_id, anonymous_id) from read.tracking_events_read_model
            where partner_id = ? and event_timestamp >= ?::timestamptz and event_timestamp < ?::timestamptz
              and coalesce(user_id, anonymous_id) is not null
            """;

    private static final String USERS_OF_SYSTEM_EVENT = """
            select distinct coalesce(user_id, anonymous_id) from read.tracking_events_read_model
            where partner_id = ? and partner_system_id = ? and event_name = ?
              and event_timestamp >= ?::timestamptz and event_timestamp < ?::timestamptz
              and coalesce(user_id, anonymous_id) is not null
            """;

    /** One sketch: of a system and event name, or of the whole partner ({@link JdbcStatisticsViews#WHOLE_PARTNER}, ""). */
    public record SketchKey(UUID partnerId, UUID systemId, String eventName, String granularity, Instant bucketStart) {

        /** The four sketches a user seen falls in: its system and event name's, and its partner's, by hour and day. */
        static List<SketchKey> of(UserSeen user) {
            Instant hour = user.at().truncatedTo(ChronoUnit.HOURS);
            Instant day = user.at().truncatedTo(ChronoUnit.DAYS);
            UUID partner = user.partnerId();
            UUID whole = JdbcStatisticsViews.WHOLE_PARTNER;
            return List.of(new SketchKey(partner, user.systemId(), user.eventName(), "H", hour),
                    new SketchKey(partner, user.systemId(), user.eventName(), "D", day),
                    new SketchKey(partner, whole, "", "H", hour),
                    new SketchKey(partner, whole, "", "D", day));
        }
    }
}
