package com.volcanion.tracking.api.segment;

import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import com.volcanion.tracking.infrastructure.testing.TestServers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the tests of real SDKs share: the faults they meet (a 503 from the real group commit, a 429 from the real
 * rate limiter), the events read back through the query API, and the Node.js scripts that drive the npm SDKs.
 *
 * <p>Node.js and npm are not needed to build the service: without Node.js 20+ and npm on the PATH these tests are
 * skipped, unless {@code -Dtracking.sdk-tests.required=true} (CI) makes that a failure. The SDKs come from
 * {@code src/test/sdks/package-lock.json}, installed with {@code npm ci} when {@code node_modules} is missing or
 * older than the lock file.
 */
abstract class SdkTestSupport extends ApiTestSupport {

    static final Path SDKS = Path.of("src/test/sdks").toAbsolutePath();
    private static final String FLOOD_CALL = "{\"type\":\"track\",\"event\":\"Flood\",\"userId\":\"f\"}";
    private static final boolean REQUIRED = Boolean.getBoolean("tracking.sdk-tests.required");
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TrackingEventProjector projector;

    @Autowired
    MeterRegistry meters;

    /** Skips the test where a tool it needs is missing, unless the SDK tests are required. */
    static void assumeInstalled(String tool, boolean installed) {
        if (!installed) {
            assertThat(REQUIRED).as(tool + " is required by -Dtracking.sdk-tests.required=true but not installed").isFalse();
            Assumptions.abort(tool + " is not installed: the SDK tests that need it are skipped");
        }
    }

    /** Node.js 20 or later and npm are on the PATH, and the npm SDKs of the lock file are installed. */
    static synchronized void nodeSdksInstalled() {
        String version = answer("node", "--version");
        assumeInstalled("node 20 or later", version != null && version.matches("v(2\\d|[3-9]\\d|\\d{3,})\\..*"));
        assumeInstalled("npm", answer("npm", "--version") != null);
        Path installed = SDKS.resolve("node_modules/.package-lock.json");   // written by npm ci
        try {
            if (!Files.exists(installed) || Files.getLastModifiedTime(installed)
                    .compareTo(Files.getLastModifiedTime(SDKS.resolve("package-lock.json"))) < 0) {
                Run install = run(List.of("npm", "ci", "--no-audit", "--no-fund"), "", Duration.ofMinutes(5));
                assertThat(install.exitCode()).as("npm ci: " + install.output()).isZero();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What a command printed when it exited 0 within 30 s; null otherwise (or when it is not installed). */
    private static String answer(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return null;
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** What a finished script printed, standard error included, and how it exited. */
    record Run(int exitCode, String output) {
    }

    /**
     * Starts a command in {@link #SDKS} with this standard input; its output is collected until it exits. A script
     * still running at its timeout, or when the test ends, is killed with every process it started (Chromium).
     */
    static CompletableFuture<Run> start(List<String> command, String input, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).directory(SDKS.toFile()).redirectErrorStream(true).start();
            STARTED.add(process);
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
                try (var stdout = process.getInputStream()) {
                    return new String(stdout.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(output unreadable: " + e + ")";
                }
            });
            return CompletableFuture.supplyAsync(() -> {
                try {
                    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                        kill(process);
                        return new Run(-1, "timed out after " + timeout + ":\n" + output.join());
                    }
                    return new Run(process.exitValue(), output.join());
                } catch (InterruptedException e) {
                    kill(process);
                    Thread.currentThread().interrupt();
                    return new Run(-1, "interrupted");
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + command, e);
        }
    }

    @AfterEach
    void killScriptsStillRunning() {
        STARTED.forEach(SdkTestSupport::kill);
        STARTED.clear();
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    static Run run(List<String> command, String input, Duration timeout) {
        return printed("$ " + String.join(" ", command), start(command, input, timeout));
    }

    /** Waits for a started script and prints what it said under this label. */
    static Run printed(String label, CompletableFuture<Run> started) {
        Run run = started.join();
        System.out.println(label + " (exit " + run.exitCode() + "):\n" + run.output());
        return run;
    }

    /** How many answers of this status the service gave on this path pattern, from its own metrics. */
    long answered(String uri, int status) {
        return meters.find("http.server.requests").tag("uri", uri).tag("status", String.valueOf(status)).timers()
                .stream().mapToLong(Timer::count).sum();
    }

    /**
     * Makes the real group commit answer 503 (nothing stored) while {@code sdk} runs: write.tracking_events is locked
     * until the service has refused at least one upload on {@code uri} for the lock timeout; then the lock is
     * released and the SDK's retry finds the service well.
     */
    <T> T whileTheFirstUploadMeetsA503(String uri, Supplier<T> sdk) {
        var endpoints = TestServers.endpoints();
        long before = answered(uri, 503);
        try (Connection locker = DriverManager.getConnection(endpoints.jdbcUrl(), endpoints.username(), endpoints.password())) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("lock table write.tracking_events in share mode");
            }
            T started = sdk.get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                    .until(() -> answered(uri, 503) > before);
            locker.rollback();
            return started;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Makes the real rate limiter answer 429 while {@code sdk} runs: the system's limit is set to one event a second,
     * its bucket (1,000 events at least) spent, and every token that comes back taken at once by another client until
     * the service has refused at least one upload on {@code uri}; then the SDK's retry finds tokens again.
     */
    <T> T whileTheFirstUploadMeetsA429(TestSystem system, String uri, Supplier<T> sdk) {
        assertThat(patchAsAdmin("/api/systems/" + system.systemId(), "{\"rateLimitPerSecond\":1}")).hasStatusOk();
        StringBuilder flood = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 1000; i++) {
            flood.append(i == 0 ? "" : ",").append(FLOOD_CALL);
        }
        assertThat(postWithKey("/v1/batch", system.apiKey(), flood.append("]}").toString())).hasStatusOk();
        long before = answered(uri, 429);
        AtomicBoolean spending = new AtomicBoolean(true);
        Thread spender = Thread.ofVirtual().start(() -> {
            while (spending.get()) {
                postOverSocket("/v1/track", system.apiKey(), FLOOD_CALL.getBytes(StandardCharsets.UTF_8));
                LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            }
        });
        try {
            T started = sdk.get();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                    .until(() -> answered(uri, 429) > before);
            return started;
        } finally {
            spending.set(false);
            try {
                spender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The message ids of the system's stored events other than the flood's, one line per stored row. */
    List<String> storedMessageIds(TestSystem system) {
        return jdbc.queryForList("select message_id from write.tracking_events where partner_system_id = ?::uuid "
                + "and event_name <> 'Flood' order by 1", String.class, system.systemId());
    }

    /** The system's events as the query API answers them, once projected (the latest 1000). */
    JsonNode readBack(TestSystem system) {
        projector.projectAvailable();
        return body(getAsAdmin("/api/events/partner-system/{system}?limit=1000", system.systemId())).get("items");
    }

    /** The system's events of this name as the query API answers them, once projected (the latest 1000). */
    JsonNode readBack(TestSystem system, String eventName) {
        projector.projectAvailable();
        return body(getAsAdmin("/api/events/partner-system/{system}?limit=1000&eventName={name}", system.systemId(),
                eventName)).get("items");
    }

    static JsonNode find(JsonNode items, String messageId) {
        for (JsonNode item : items) {
            if (item.get("messageId").asString().equals(messageId)) {
                return item;
            }
        }
        throw new AssertionError("no item with messageId " + messageId + " in " + items);
    }
}
