package com.volcanion.tracking.infrastructure.lifecycle;

import com.volcanion.tracking.infrastructure.testing.FreshDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Version 8 (time partitions) upgrades a database filled by version 7 with every event intact: the same rows, value for
 * value, in both tables, the projector's (tx_id, seq) order kept, the sequences going on past the copied rows, and a
 * dedup key for every stored event. The rows are generated (seeded): every type, nulls in every nullable column, text
 * that JSON and SQL escape (quotes, backslashes, emoji, combining marks), and receive times on both sides of month
 * edges, years back and beyond the partitions made ahead.
 */
class PartitionMigrationIT {

    private static final String[] TYPES = {"TRACK", "PAGE", "SCREEN", "IDENTIFY", "GROUP", "ALIAS"};
    private static final String[] TEXTS = {"plain", "quote ' and \" and \\ backslash", "emoji 😀 and 𝄞", "e\u0301 combining",
            "日本語", "tab\tnewline\n", ""};

    @Test
    void aDatabaseOfVersion7UpgradesWithEveryEventIntact() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            FreshDatabase database = FreshDatabase.create("upgrade").migrate("7");
            fill(database, new Random(seed));
            Map<String, Object> before = digest(database);
            long maxSeq = database.jdbc().queryForObject("select max(seq) from write.tracking_events", Long.class);
            long maxReadId = database.jdbc().queryForObject("select max(id) from read.tracking_events_read_model", Long.class);

            database.migrate("latest");

            assertThat(digest(database)).as("seed " + seed).isEqualTo(before);
            assertThat(database.jdbc().queryForObject("""
                    select count(*) from write.tracking_events e
                    full join write.tracking_event_keys k on k.event_id = e.id and k.partner_system_id = e.partner_system_id
                      and k.message_id = e.message_id
                    where e.id is null or k.event_id is null
                    """, Long.class)).as("a dedup key for every event, and none without one").isZero();
            assertThat(database.jdbc().queryForObject("""
                    select count(*) from write.tracking_events
                    where tableoid::regclass::text not in ('write.tracking_events_p' || to_char(received_at at time zone 'UTC', 'YYYY_MM'),
                                                           'write.tracking_events_default')
                    """, Long.class)).as("each row in its month's partition").isZero();
            UUID[] system = database.jdbc().queryForObject("select array[partner_id, id] from write.partner_systems limit 1",
                    (rs, row) -> (UUID[]) rs.getArray(1).getArray());
            long seq = database.jdbc().queryForObject("""
                    insert into write.tracking_events (id, partner_id, partner_system_id, message_id, event_name,
                        event_timestamp, received_at, properties, valid) values (gen_random_uuid(), ?, ?, 'after', 'E', now(),
                        now(), '{}', true) returning seq""", Long.class, system[0], system[1]);
            assertThat(seq).as("seq goes on after the copied rows").isGreaterThan(maxSeq);
            long readId = database.jdbc().queryForObject("""
                    insert into read.tracking_events_read_model (tracking_event_id, partner_id, partner_name, partner_system_id,
                        system_name, event_name, event_timestamp, properties, valid, received_at, processed_at, message_id)
                    values (gen_random_uuid(), ?, 'P', ?, 'S', 'E', now(), '{}', true, now(), now(), 'after') returning id
                    """, Long.class, system[0], system[1]);
            assertThat(readId).isGreaterThan(maxReadId);
            String[] anyKey = database.jdbc().queryForObject("select array[partner_system_id::text, message_id, "
                    + "received_at::text] from write.tracking_events limit 1", (rs, row) -> (String[]) rs.getArray(1).getArray());
            assertThatThrownBy(() -> database.jdbc().update("insert into write.tracking_event_keys values (?::uuid, ?, "
                    + "gen_random_uuid())", anyKey[0], anyKey[1]))
                    .as("a stored messageId cannot be stored again").hasMessageContaining("tracking_event_keys_pkey");
        }
    }

    /** Every column of both tables, row by row, as JSON (whose key order does not depend on the column order). */
    private static Map<String, Object> digest(FreshDatabase database) {
        return database.jdbc().queryForMap("""
                select (select count(*) from write.tracking_events) as events,
                       (select md5(string_agg(to_jsonb(e)::text, E'\\n' order by e.id)) from write.tracking_events e) as write_rows,
                       (select count(*) from read.tracking_events_read_model) as read_rows_count,
                       (select md5(string_agg(to_jsonb(r)::text, E'\\n' order by r.id)) from read.tracking_events_read_model r)
                           as read_rows
                """);
    }

    /** Events of two partners in several transactions (so several tx_ids), most of them projected. */
    private static void fill(FreshDatabase database, Random random) throws Exception {
        UUID[] partners = {UUID.randomUUID(), UUID.randomUUID()};
        UUID[] systems = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        for (int i = 0; i < partners.length; i++) {
            database.jdbc().update("insert into write.partners (id, name, email, active, created_at, updated_at) "
                    + "values (?, ?, ?, true, now(), now())", partners[i], "P" + i, "p" + i + "@upgrade.example");
        }
        for (int i = 0; i < systems.length; i++) {
            database.jdbc().update("insert into write.partner_systems (id, partner_id, name, type, active, api_key_hash, "
                    + "api_key_prefix, created_at, updated_at) values (?, ?, ?, 'WEBSITE', true, ?, 'vt_x', now(), now())",
                    systems[i], partners[i % 2], "S" + i, "%064d".formatted(i) + "");
        }
        YearMonth now = YearMonth.now(ZoneOffset.UTC);
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement event = connection.prepareStatement("""
                    insert into write.tracking_events (id, partner_id, partner_system_id, message_id, event_name,
                        event_timestamp, client_timestamp, sent_at, received_at, user_id, anonymous_id, properties, context,
                        valid, validation_errors, schema_version, correlation_id, type)
                    values (?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?::jsonb,
                        ?::jsonb, ?, ?::jsonb, ?, ?, ?)
                    """);
                 PreparedStatement read = connection.prepareStatement("""
                    insert into read.tracking_events_read_model (tracking_event_id, partner_id, partner_name,
                        partner_system_id, system_name, message_id, event_name, event_timestamp, user_id, anonymous_id,
                        properties, context, valid, validation_errors, correlation_id, received_at, processed_at, type)
                    select id, partner_id, 'P', partner_system_id, 'S', message_id, event_name, event_timestamp, user_id,
                        anonymous_id, properties, context, valid, validation_errors, correlation_id, received_at,
                        received_at + interval '1 second', type
                    from write.tracking_events where id = ?
                    """)) {
                for (int i = 0; i < 1500; i++) {
                    int system = random.nextInt(systems.length);
                    UUID id = UUID.randomUUID();
                    Instant received = receiveTime(random, now);
                    boolean valid = random.nextBoolean();
                    event.setObject(1, id);
                    event.setObject(2, partners[system % 2]);
                    event.setObject(3, systems[system]);
                    event.setString(4, "m-" + i + "-" + text(random));
                    event.setString(5, "Event " + text(random));
                    event.setString(6, received.minusSeconds(random.nextInt(100_000)).toString());
                    event.setString(7, random.nextBoolean() ? null : received.minusSeconds(5).toString());
                    event.setString(8, random.nextBoolean() ? null : received.minusSeconds(1).toString());
                    event.setString(9, received.toString());
                    event.setString(10, random.nextBoolean() ? null : "u-" + text(random));
                    event.setString(11, random.nextBoolean() ? null : "a-" + random.nextInt(100));
                    event.setString(12, "{\"text\": " + json(text(random)) + ", \"n\": " + random.nextInt()
                            + ", \"nested\": {\"list\": [1, 2.5, null, true]}}");
                    event.setString(13, random.nextBoolean() ? null : "{\"ip\": \"10.0.0." + random.nextInt(255) + "\"}");
                    event.setBoolean(14, valid);
                    event.setString(15, valid ? null : "[{\"path\": \"$.x\", \"message\": " + json(text(random)) + "}]");
                    event.setObject(16, random.nextBoolean() ? null : random.nextInt(5) + 1);
                    event.setString(17, random.nextBoolean() ? null : "c-" + random.nextInt(1000));
                    event.setString(18, TYPES[random.nextInt(TYPES.length)]);
                    event.executeUpdate();
                    if (random.nextInt(10) < 7) {
                        read.setObject(1, id);
                        read.executeUpdate();
                    }
                    if (random.nextInt(100) == 0) {
                        connection.commit();
                    }
                }
            }
            connection.commit();
        }
    }

    /** Mostly the last fifteen months, some exactly on a month's edge or just before it, some years away. */
    private static Instant receiveTime(Random random, YearMonth now) {
        Instant edge = now.minusMonths(random.nextInt(15)).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return switch (random.nextInt(8)) {
            case 0 -> edge;
            case 1 -> edge.minus(1, ChronoUnit.MICROS);
            case 2 -> edge.minus(365L * (1 + random.nextInt(5)), ChronoUnit.DAYS);
            case 3 -> edge.plus(30L * (3 + random.nextInt(30)), ChronoUnit.DAYS);   // beyond the months made ahead
            default -> edge.plus(random.nextLong(28L * 24 * 3600 * 1_000_000), ChronoUnit.MICROS);
        };
    }

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)];
    }

    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t").replace("\n", "\\n") + "\"";
    }
}
