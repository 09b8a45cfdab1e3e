package com.volcanion.tracking.infrastructure.testing;

import com.volcanion.tracking.infrastructure.embedded.EmbeddedServers;
import com.volcanion.tracking.infrastructure.embedded.ServerEndpoints;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The one real PostgreSQL 17 and Redis 7 that every integration test of a test run shares.
 * Testcontainers where a Docker engine answers; embedded binaries where none does (as on CI).
 * {@code -Dtracking.test.servers=embedded|containers} forces one or the other.
 * Started on first use and stopped when the JVM exits.
 */
public final class TestServers {

    private static ServerEndpoints endpoints;
    private static Runnable stopRedis;
    private static Runnable startRedis;

    private TestServers() {
    }

    public static synchronized ServerEndpoints endpoints() {
        if (endpoints == null) {
            endpoints = useContainers() ? startContainers() : startEmbedded();
        }
        return endpoints;
    }

    private static boolean useContainers() {
        String choice = System.getProperty("tracking.test.servers", "auto");
        return switch (choice) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> mayHaveDocker() && DockerClientFactory.instance().isDockerAvailable();
        };
    }

    /**
     * Whether a Docker engine could answer at all: a configured host or the usual socket. Where neither exists,
     * Testcontainers is not asked, since it logs its failed search as an ERROR before the embedded servers start.
     */
    private static boolean mayHaveDocker() {
        String home = System.getProperty("user.home");
        return System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"))
                || Files.exists(Path.of(home, ".docker", "run", "docker.sock"))
                || Files.exists(Path.of(home, ".testcontainers.properties"));
    }

    /** Stops Redis, as an outage would; {@link #startRedis()} ends the outage. */
    public static synchronized void stopRedis() {
        endpoints();
        stopRedis.run();
    }

    public static synchronized void startRedis() {
        startRedis.run();
    }

    private static ServerEndpoints startEmbedded() {
        EmbeddedServers servers = EmbeddedServers.start(null);
        Runtime.getRuntime().addShutdownHook(new Thread(servers::close, "embedded-servers-stop"));
        stopRedis = () -> unchecked(servers::stopRedis);
        startRedis = () -> unchecked(servers::startRedis);
        return servers.endpoints();
    }

    private static void unchecked(IoAction action) {
        try {
            action.run();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private interface IoAction {
        void run() throws java.io.IOException;
    }

    @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM exits
    private static ServerEndpoints startContainers() {
        PostgreSQLContainer postgres = new PostgreSQLContainer("postgres:17-alpine");
        GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
        postgres.start();
        redis.start();
        var docker = DockerClientFactory.instance().client();
        stopRedis = () -> docker.pauseContainerCmd(redis.getContainerId()).exec();
        startRedis = () -> docker.unpauseContainerCmd(redis.getContainerId()).exec();
        return new ServerEndpoints(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(),
                redis.getHost(), redis.getMappedPort(6379));
    }
}
