package com.volcanion.tracking.infrastructure.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An embedded PostgreSQL 17 and an embedded Redis 7, each on a free local port.
 * With a data directory, PostgreSQL keeps its data there between runs; without one it starts empty.
 * Redis keeps nothing on disk. PostgreSQL stops when {@link #close()} is called (the Spring context closes it after
 * the web server has drained); Redis is stopped by its library's own shutdown hook as soon as the JVM is asked to
 * stop, which costs nothing but cache misses (Redis is optional).
 */
public final class EmbeddedServers implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedServers.class);

    private final EmbeddedPostgres postgres;
    private final RedisServer redis;
    private final ServerEndpoints endpoints;

    private EmbeddedServers(EmbeddedPostgres postgres, RedisServer redis, ServerEndpoints endpoints) {
        this.postgres = postgres;
        this.redis = redis;
        this.endpoints = endpoints;
    }

    /** Starts both servers; {@code dataDirectory} may be null for a throw-away database. */
    public static EmbeddedServers start(Path dataDirectory) {
        EmbeddedPostgres postgres = null;
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    // stopped by close(), once Spring has drained the requests in flight: the library's own JVM
                    // shutdown hook would stop PostgreSQL the moment SIGTERM arrives, under those requests
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", dataDirectory == null ? "off" : "on");
            if (dataDirectory != null) {
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory.toAbsolutePath()).setCleanDataDirectory(false);
            }
            postgres = builder.start();
            int redisPort = freePort();
            RedisServer redis = RedisServer.newRedisServer()
                    .bind("127.0.0.1")
                    .port(redisPort)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .build();
            redis.start();
            ServerEndpoints endpoints = new ServerEndpoints(postgres.getJdbcUrl("postgres", "postgres"),
                    "postgres", "", "127.0.0.1", redisPort);
            log.info("Embedded PostgreSQL on port {} (data: {}), embedded Redis on port {}", postgres.getPort(),
                    dataDirectory == null ? "temporary" : dataDirectory.toAbsolutePath(), redisPort);
            return new EmbeddedServers(postgres, redis, endpoints);
        } catch (IOException e) {
            closeQuietly(postgres);
            throw new UncheckedIOException("could not start the embedded servers", e);
        }
    }

    public ServerEndpoints endpoints() {
        return endpoints;
    }

    /** Stops Redis alone (PostgreSQL keeps running), as an outage would. */
    public void stopRedis() throws IOException {
        redis.stop();
    }

    /** Starts Redis again on its port, empty. */
    public void startRedis() throws IOException {
        redis.start();
    }

    @Override
    public void close() {
        try {
            redis.stop();
        } catch (IOException e) {
            log.warn("Embedded Redis did not stop cleanly", e);
        }
        closeQuietly(postgres);
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
