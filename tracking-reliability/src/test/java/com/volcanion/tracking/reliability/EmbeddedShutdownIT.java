package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default stopped with SIGTERM while a request is in flight: the web server drains it before the
 * embedded PostgreSQL stops, so it is answered 202 and its event is there after a restart on the same data.
 */
class EmbeddedShutdownIT {

    private static final Pattern POSTGRES_PORT = Pattern.compile("Embedded PostgreSQL on port (\\d+)");

    @Test
    void sigtermDrainsAnIngestInFlightBeforeTheEmbeddedDatabaseStops(@TempDir Path data) throws Exception {
        Fixture.TestSystem system;
        Future<Http.Answer> inFlight;
        try (ServiceNode node = ServiceNode.embedded("embedded-sigterm", data.resolve("postgres")).start();
             ExecutorService client = Executors.newSingleThreadExecutor()) {
            system = Fixture.newSystem(node);
            try (Connection locker = DriverManager.getConnection(
                    "jdbc:postgresql://127.0.0.1:" + postgresPort(node) + "/postgres", "postgres", "")) {
                locker.setAutoCommit(false);
                try (Statement statement = locker.createStatement()) {
                    statement.execute("lock table write.tracking_events in share mode");
                    inFlight = client.submit(() -> Http.postWithKey(node.uri("/api/events/ingest"), system.apiKey(),
                            Fixture.event("in-flight-at-sigterm")));
                    awaitWaitingForLock(statement);
                    node.sigterm();
                    Thread.sleep(500);   // the service is shutting down, the request still waits for the lock
                }
                locker.rollback();
            }
            Http.Answer answer = inFlight.get();
            Fixture.report("embedded default, SIGTERM with an ingest in flight: answered " + answer.status()
                    + " after " + Math.round(answer.millis()) + " ms; the node exited with " + node.awaitExit());
            assertThat(answer.status()).isEqualTo(202);
        }

        try (ServiceNode again = ServiceNode.embedded("embedded-sigterm-restarted", data.resolve("postgres")).start();
             Connection connection = DriverManager.getConnection(
                     "jdbc:postgresql://127.0.0.1:" + postgresPort(again) + "/postgres", "postgres", "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "select count(*) from write.tracking_events where message_id = 'in-flight-at-sigterm'")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(1);
        }
    }

    private static void awaitWaitingForLock(Statement statement) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            statement.execute("select pg_stat_clear_snapshot()");   // inside a transaction the view is a snapshot
            // any session waiting for a lock but this one: the group commit's insert (its text is longer than
            // pg_stat_activity keeps, so it is not recognised by its words)
            try (ResultSet waiting = statement.executeQuery("select count(*) from pg_stat_activity "
                    + "where wait_event_type = 'Lock' and pid <> pg_backend_pid() and datname = current_database()")) {
                waiting.next();
                if (waiting.getLong(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the ingest never reached the locked table");
    }

    private static int postgresPort(ServiceNode node) throws Exception {
        Matcher port = POSTGRES_PORT.matcher(Files.readString(node.log()));
        String last = null;
        while (port.find()) {
            last = port.group(1);
        }
        assertThat(last).as("the node logs its embedded PostgreSQL's port").isNotNull();
        return Integer.parseInt(last);
    }
}
