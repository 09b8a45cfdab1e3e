package com.volcanion.tracking.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Redis Cluster of six {@code redis-server} processes (the machine's binary) on free ports, three masters and a
 * replica of each, made by {@code redis-cli --cluster create}. A master is taken as failed after
 * {@value #NODE_TIMEOUT_MS} ms without an answer (Redis's default is 15 s), after which its replica takes over.
 */
final class RedisClusterProcesses implements AutoCloseable {

    static final int NODE_TIMEOUT_MS = 2000;
    private final Path root;
    final List<Integer> ports = new ArrayList<>();

    private RedisClusterProcesses(Path root) {
        this.root = root;
    }

    static RedisClusterProcesses start() {
        RedisClusterProcesses cluster;
        try {
            cluster = new RedisClusterProcesses(Files.createTempDirectory("tracking-redis-cluster-"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            for (int i = 0; i < 6; i++) {
                cluster.ports.add(freePort());
            }
            for (int port : cluster.ports) {
                Path dir = Files.createDirectories(cluster.root.resolve(String.valueOf(port)));
                run(List.of("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1",
                        "--cluster-enabled", "yes", "--cluster-config-file", dir.resolve("nodes.conf").toString(),
                        "--cluster-node-timeout", String.valueOf(NODE_TIMEOUT_MS), "--dir", dir.toString(),
                        "--save", "", "--appendonly", "no", "--daemonize", "yes",
                        "--pidfile", dir.resolve("redis.pid").toString(), "--logfile", dir.resolve("redis.log").toString()));
            }
            for (int port : cluster.ports) {
                MachineServices.awaitUntil(Duration.ofSeconds(10), () -> "PONG".equals(cluster.cli(port, "ping").strip()));
            }
            List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
            cluster.ports.forEach(port -> create.add("127.0.0.1:" + port));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            run(create);
            MachineServices.awaitUntil(Duration.ofSeconds(30), () -> cluster.ports.stream()
                    .allMatch(port -> cluster.cli(port, "cluster", "info").contains("cluster_state:ok")));
            return cluster;
        } catch (IOException | RuntimeException | AssertionError e) {
            cluster.close();
            throw new IllegalStateException("the Redis Cluster did not start", e);
        }
    }

    /** {@code spring.data.redis.cluster.nodes}: every node, as a client would list them. */
    String nodes() {
        return ports.stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    /** The port of the master that serves this key's slot now; -1 while none does (a failover under way). */
    int masterOf(String key) {
        int live = ports.stream().filter(port -> "PONG".equals(cli(port, "ping").strip())).findFirst().orElseThrow();
        String slot = cli(live, "cluster", "keyslot", key).strip();
        for (String line : cli(live, "cluster", "nodes").split("\n")) {
            String[] fields = line.split(" ");
            if (fields.length > 8 && fields[2].contains("master") && !fields[2].contains("fail")) {
                for (int i = 8; i < fields.length; i++) {
                    String[] range = fields[i].split("-");
                    int from = Integer.parseInt(range[0]);
                    int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                    int s = Integer.parseInt(slot);
                    if (s >= from && s <= to) {
                        return Integer.parseInt(fields[1].substring(fields[1].indexOf(':') + 1).split("@")[0]);
                    }
                }
            }
        }
        return -1;
    }

    /** SIGKILL of the process on this port. */
    void kill9(int port) {
        try {
            long pid = Long.parseLong(Files.readString(root.resolve(String.valueOf(port)).resolve("redis.pid")).strip());
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            MachineServices.awaitUntil(Duration.ofSeconds(10), () -> ProcessHandle.of(pid).isEmpty());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** True when every node but the killed one says the cluster is whole ({@code cluster_state:ok}). */
    boolean healthyWithout(int killed) {
        return ports.stream().filter(port -> port != killed)
                .allMatch(port -> cli(port, "cluster", "info").contains("cluster_state:ok"));
    }

    String cli(int port, String... command) {
        List<String> line = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", String.valueOf(port)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            process.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    @Override
    public void close() {
        for (int port : ports) {
            cli(port, "shutdown", "nosave");
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                int port = socket.getLocalPort();
                if (port + 10000 <= 65535) {   // the cluster bus listens on port + 10000
                    return port;
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
