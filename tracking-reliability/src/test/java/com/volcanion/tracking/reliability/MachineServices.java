package com.volcanion.tracking.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The machine's PostgreSQL (127.0.0.1:5432, trust auth) and Redis (127.0.0.1:6379) services: a fresh database per
 * test class, and stopping and starting either server with the commands the machine's documentation gives.
 */
final class MachineServices {

    private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";

    private MachineServices() {
    }

    static String createDatabase(String prefix) {
        String name = prefix + "_" + System.nanoTime();
        execute("postgres", "create database " + name);
        return name;
    }

    static void dropDatabase(String name) {
        execute("postgres", "drop database if exists " + name + " with (force)");
    }

    static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(SERVER + database, "postgres", "");
    }

    static String jdbcUrl(String database) {
        return SERVER + database;
    }

    private static void execute(String database, String sql) {
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    static void stopPostgres() {
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), "main", "stop", "-m", "fast"));
    }

    /** Starts PostgreSQL unless it answers already. */
    static void startPostgres() {
        if (postgresAnswers()) {
            return;
        }
        run(List.of("pg_ctlcluster", "--skip-systemctl-redirect", postgresVersion(), "main", "start"));
        awaitUntil(Duration.ofSeconds(60), MachineServices::postgresAnswers);
    }

    private static boolean postgresAnswers() {
        try (Connection ignored = connect("postgres")) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    static void stopRedis() {
        runIgnoringExit(List.of("redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"));
        awaitUntil(Duration.ofSeconds(10), () -> !redisAnswers());
    }

    /** Starts Redis unless it answers already. */
    static void startRedis() {
        if (redisAnswers()) {
            return;
        }
        run(List.of("redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port", "6379",
                "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis", "--logfile", "/var/log/redis/ci.log"));
        awaitUntil(Duration.ofSeconds(30), MachineServices::redisAnswers);
    }

    private static boolean redisAnswers() {
        try {
            Process ping = new ProcessBuilder("redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping")
                    .redirectErrorStream(true).start();
            String answer = new String(ping.getInputStream().readAllBytes()).strip();
            ping.waitFor(5, TimeUnit.SECONDS);
            return answer.equals("PONG");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String postgresVersion() {
        try (Stream<Path> versions = Files.list(Path.of("/etc/postgresql"))) {
            return versions.map(path -> path.getFileName().toString()).sorted().reduce((a, b) -> b).orElseThrow();
        } catch (IOException e) {
            throw new IllegalStateException("no PostgreSQL cluster under /etc/postgresql", e);
        }
    }

    private static void run(List<String> command) {
        run(command, ProcessBuilder.Redirect.DISCARD);
    }

    /** Runs the command, its output (and errors) to {@code output}; fails unless it exits with 0 within 120 s. */
    static void run(List<String> command, ProcessBuilder.Redirect output) {
        int exit = runIgnoringExit(command, output);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + exit);
        }
    }

    private static int runIgnoringExit(List<String> command) {
        return runIgnoringExit(command, ProcessBuilder.Redirect.DISCARD);
    }

    /** Runs the command, its output (and errors) to {@code output}; its exit code, within 120 s. */
    static int runIgnoringExit(List<String> command, ProcessBuilder.Redirect output) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 120 s");
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Polls every 100 ms until the condition holds; fails after {@code limit}. */
    static void awaitUntil(Duration limit, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + limit);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
