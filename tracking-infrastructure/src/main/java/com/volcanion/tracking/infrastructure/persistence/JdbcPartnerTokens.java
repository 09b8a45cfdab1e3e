package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.port.PartnerTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Partner tokens in {@code write.partner_tokens}. Each authentication reads the row by its hash (no cache to go
 * stale after a revocation). Uses are kept in memory, the latest per token, and written by one statement every
 * {@code tracking.partner-tokens.last-used-write-interval} on a thread of its own (and at shutdown), not by a write
 * per request.
 */
@Repository
@EnableConfigurationProperties(PartnerTokenProperties.class)
public class JdbcPartnerTokens implements PartnerTokens, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JdbcPartnerTokens.class);
    private static final String COLUMNS = "id, partner_id, name, token_hash, token_prefix, created_at, last_used_at";
    private static final RowMapper<StoredToken> TOKEN = (rs, row) -> new StoredToken(rs.getObject("id", UUID.class),
            rs.getObject("partner_id", UUID.class), rs.getString("name"), rs.getString("token_hash"),
            rs.getString("token_prefix"), rs.getTimestamp("created_at").toInstant(),
            rs.getTimestamp("last_used_at") == null ? null : rs.getTimestamp("last_used_at").toInstant());

    private final JdbcTemplate jdbc;
    private final PartnerTokenProperties properties;
    private final Map<UUID, Instant> unwrittenUses = new ConcurrentHashMap<>();
    private volatile ScheduledExecutorService writer;

    JdbcPartnerTokens(JdbcTemplate jdbc, PartnerTokenProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    @Override
    public void add(StoredToken token) {
        jdbc.update("insert into write.partner_tokens (id, partner_id, name, token_hash, token_prefix, created_at) "
                        + "values (?, ?, ?, ?, ?, ?)", token.id(), token.partnerId(), token.name(), token.tokenHash(),
                token.tokenPrefix(), Timestamp.from(token.createdAt()));
    }

    /** With this node's uses not yet written: a holder who just used a token sees it here. */
    @Override
    public List<StoredToken> list(UUID partnerId) {
        return jdbc.query("select " + COLUMNS + " from write.partner_tokens where partner_id = ? "
                        + "order by created_at, id", TOKEN, partnerId).stream()
                .map(token -> {
                    Instant unwritten = unwrittenUses.get(token.id());
                    return unwritten == null || token.lastUsedAt() != null && !unwritten.isAfter(token.lastUsedAt())
                            ? token
                            : new StoredToken(token.id(), token.partnerId(), token.name(), token.tokenHash(),
                                    token.tokenPrefix(), token.createdAt(), unwritten);
                })
                .toList();
    }

    @Override
    public Optional<StoredToken> remove(UUID partnerId, UUID tokenId) {
        Optional<StoredToken> removed = jdbc.query("delete from write.partner_tokens where partner_id = ? and id = ? "
                + "returning " + COLUMNS, TOKEN, partnerId, tokenId).stream().findFirst();
        removed.ifPresent(token -> unwrittenUses.remove(token.id()));
        return removed;
    }

    @Override
    public Optional<StoredToken> findByHash(String tokenHash) {
        return jdbc.query("select " + COLUMNS + " from write.partner_tokens where token_hash = ?", TOKEN, tokenHash)
                .stream().findFirst();
    }

    @Override
    public void markUsed(UUID tokenId, Instant at) {
        unwrittenUses.merge(tokenId, at, (known, latest) -> latest.isAfter(known) ? latest : known);
    }

    /**
     * Writes the uses noted since the last call in one statement; a use that fails to be written (the database is
     * away) is kept for the next call unless a later one replaced it.
     */
    public void writeUses() {
        Map<UUID, Instant> taken = new HashMap<>();
        unwrittenUses.forEach((id, at) -> {
            if (unwrittenUses.remove(id, at)) {
                taken.put(id, at);
            }
        });
        if (taken.isEmpty()) {
            return;
        }
        UUID[] ids = taken.keySet().toArray(UUID[]::new);
        // instants as ISO text, cast in SQL (as UniqueUserSketches does): a timestamptz[] bound from
        // java.sql.Timestamp would be read in the JVM's time zone
        String[] times = new String[ids.length];
        for (int i = 0; i < ids.length; i++) {
            times[i] = taken.get(ids[i]).toString();
        }
        try {
            jdbc.update(connection -> {
                var statement = connection.prepareStatement("""
                        update write.partner_tokens t set last_used_at = u.at
                        from unnest(?::uuid[], ?::text[]::timestamptz[]) as u(id, at)
                        where t.id = u.id and (t.last_used_at is null or t.last_used_at < u.at)""");
                statement.setArray(1, connection.createArrayOf("uuid", ids));
                statement.setArray(2, connection.createArrayOf("text", times));
                return statement;
            });
        } catch (DataAccessException e) {
            taken.forEach(this::markUsed);
            log.warn("Could not write the last use of {} partner tokens; kept for the next try: {}", ids.length,
                    e.getMessage());
        }
    }

    @Override
    public void start() {
        writer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("partner-token-uses").daemon().factory());
        long interval = properties.lastUsedWriteInterval().toMillis();
        writer.scheduleWithFixedDelay(this::writeUsesQuietly, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** Writes what is left before the database goes (lifecycles stop before beans are destroyed). */
    @Override
    public void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer = null;
        writeUsesQuietly();
    }

    /**
     * Stops after the web server (which drains in {@code DEFAULT_PHASE - 1024} and stops in {@code - 2048}), so the
     * final write sees the uses of the last requests.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    private void writeUsesQuietly() {
        try {
            writeUses();
        } catch (RuntimeException e) {   // an escaping exception would end the schedule for good
            log.warn("Writing the last use of partner tokens failed: {}", e.toString());
        }
    }
}
