package com.volcanion.tracking.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One node of the service: the packaged jar in its production configuration, as its own process, on a free port,
 * logging to {@code target/reliability/<name>.log}. {@link #kill9()} is SIGKILL: no shutdown hook runs.
 */
final class ServiceNode implements AutoCloseable {

    static final String ADMIN_TOKEN = "reliability-admin-token-" + UUID.randomUUID();
    private static final Path JAR = Path.of(System.getProperty("reliability.jar",
            "../tracking-api/target/volcanion-tracking.jar"));
    static final Path REPORTS = Path.of(System.getProperty("reliability.reports", "target/reliability"));

    private final String name;
    private final int port;
    private final Map<String, String> environment = new HashMap<>();
    private Process process;

    ServiceNode(String name, String database, Map<String, String> settings) {
        this(name);
        environment.put("SPRING_DATASOURCE_URL", MachineServices.jdbcUrl(database));
        environment.put("SPRING_DATASOURCE_USERNAME", "postgres");
        environment.put("SPRING_DATASOURCE_PASSWORD", "");
        environment.put("SPRING_DATA_REDIS_HOST", "127.0.0.1");
        environment.put("SPRING_DATA_REDIS_PORT", "6379");
        environment.putAll(settings);
    }

    /** A node in the embedded default: its own PostgreSQL (data in {@code dataDirectory}) and Redis, no machine services. */
    static ServiceNode embedded(String name, Path dataDirectory) {
        ServiceNode node = new ServiceNode(name);
        node.environment.put("TRACKING_EMBEDDED_DATA_DIR", dataDirectory.toString());
        return node;
    }

    private ServiceNode(String name) {
        this.name = name;
        this.port = freePort();
        environment.put("TRACKING_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.put("SERVER_PORT", String.valueOf(port));
        environment.put("JAVA_TOOL_OPTIONS", "-Xmx512m");
        environment.put("TRACKING_RATE_LIMIT_DEFAULT_PER_SECOND", "1000000");   // tests set their own limits
    }

    /** Starts the process and waits until it reports healthy. */
    ServiceNode start() {
        try {
            Files.createDirectories(REPORTS);
            String java = ProcessHandle.current().info().command().orElse("java");
            ProcessBuilder builder = new ProcessBuilder(java, "-jar", JAR.toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
            // the node is configured by its own settings alone, not by what the calling shell exports (CI exports a
            // production configuration of its own)
            builder.environment().keySet().removeIf(name -> name.startsWith("SPRING_") || name.startsWith("TRACKING_")
                    || name.startsWith("MANAGEMENT_") || name.startsWith("SERVER_") || name.startsWith("LOGGING_"));
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
        MachineServices.awaitUntil(Duration.ofSeconds(120), () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + "; see " + log());
            }
            try {
                return Http.get(uri("/actuator/health/readiness")).status() == 200;
            } catch (java.io.UncheckedIOException notListeningYet) {
                return false;
            }
        });
        return this;
    }

    /** SIGTERM, as an orchestrator stopping the node would; returns at once (see {@link #awaitExit()}). */
    void sigterm() {
        process.destroy();
    }

    /** Waits for the process to end; its exit code. */
    int awaitExit() {
        waitForExit();
        return process.exitValue();
    }

    /** SIGKILL, as a crash or an OOM killer would. */
    void kill9() {
        process.destroyForcibly();
        waitForExit();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            waitForExit();
        }
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path log() {
        return REPORTS.resolve(name + ".log");
    }

    /** The sum of a metric's samples in this node's Prometheus scrape, over the label sets holding every label given. */
    double metric(String name, String... labels) {
        double sum = 0;
        for (String line : Http.get(uri("/actuator/prometheus")).body().split("\n")) {
            boolean labelled = java.util.Arrays.stream(labels).allMatch(label -> line.contains(label));
            if ((line.startsWith(name + "{") || line.startsWith(name + " ")) && labelled) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
