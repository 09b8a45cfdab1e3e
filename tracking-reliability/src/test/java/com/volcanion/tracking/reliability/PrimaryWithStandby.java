package com.volcanion.tracking.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A PostgreSQL primary and a streaming standby of it, made with the machine's PostgreSQL binaries (the newest server
 * under {@code /usr/lib/postgresql}, 15 on CI's machine): {@code initdb} for the primary, {@code pg_basebackup -R} for the standby, each on a
 * free port with its own data directory under {@code /tmp}. The machine's own server is not used: it accepts no
 * replication connection (its pg_hba.conf has no {@code replication} line), and CI must not change its
 * configuration. As root (CI), the servers run as the {@code postgres} user, as PostgreSQL requires.
 */
final class PrimaryWithStandby implements AutoCloseable {

    static final String DATABASE = "tracking";

    private final Path root;
    private final Path bin;
    private static final ProcessBuilder.Redirect LOG =
            ProcessBuilder.Redirect.appendTo(ServiceNode.REPORTS.resolve("replica-servers.log").toFile());
    final int primaryPort = ServiceNode.freePort();
    final int standbyPort = ServiceNode.freePort();

    private PrimaryWithStandby(Path root, Path bin) {
        this.root = root;
        this.bin = bin;
    }

    static PrimaryWithStandby start() {
        try {
            Files.createDirectories(ServiceNode.REPORTS);
            Path root = Files.createTempDirectory("tracking-replica-");
            PrimaryWithStandby servers = new PrimaryWithStandby(root, binaries());
            try {
                servers.startBoth();
            } catch (IOException | RuntimeException e) {
                servers.close();
                throw e;
            }
            return servers;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void startBoth() throws IOException {
        if (asRoot()) {
            run(List.of("chown", "postgres:postgres", root.toString()));
        }
        Path primary = root.resolve("primary");
        runAsServerUser(List.of(bin.resolve("initdb").toString(), "-D", primary.toString(), "-U", "postgres",
                "--auth=trust", "--no-sync"));
        // initdb's pg_hba.conf trusts local and 127.0.0.1 replication connections already
        append(primary.resolve("postgresql.conf"), "port = " + primaryPort + "\nlisten_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + root + "'\nwal_level = replica\nmax_wal_senders = 5\nfsync = off\n");
        startServer(primary);
        try (Connection connection = connect(primaryPort, "postgres")) {
            connection.createStatement().execute("create database " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        Path standby = root.resolve("standby");
        runAsServerUser(List.of(bin.resolve("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                String.valueOf(primaryPort), "-U", "postgres", "-D", standby.toString(), "-R", "-X", "stream",
                "--no-sync"));
        append(standby.resolve("postgresql.auto.conf"), "port = " + standbyPort + "\n");
        startServer(standby);
    }

    String primaryUrl() {
        return "jdbc:postgresql://127.0.0.1:" + primaryPort + "/" + DATABASE;
    }

    String standbyUrl() {
        return "jdbc:postgresql://127.0.0.1:" + standbyPort + "/" + DATABASE;
    }

    static Connection connect(int port, String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, "postgres", "");
    }

    void stopStandby() {
        runAsServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", root.resolve("standby").toString(), "-m",
                "fast", "-w", "stop"));
    }

    void startStandby() {
        startServer(root.resolve("standby"));
    }

    private void startServer(Path data) {
        runAsServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                data.resolveSibling(data.getFileName() + ".log").toString(), "-w", "-t", "60", "start"));
    }

    @Override
    public void close() {
        for (String server : List.of("standby", "primary")) {
            if (Files.exists(root.resolve(server).resolve("postmaster.pid"))) {
                MachineServices.runIgnoringExit(serverUser(List.of(bin.resolve("pg_ctl").toString(), "-D",
                        root.resolve(server).toString(), "-m", "immediate", "-w", "stop")), LOG);
            }
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path binaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.filter(version -> Files.isExecutable(version.resolve("bin").resolve("initdb")))
                    .max(Comparator.comparing(path -> Integer.parseInt(path.getFileName().toString())))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries under /usr/lib/postgresql"))
                    .resolve("bin");
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> serverUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> asPostgres = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        asPostgres.addAll(command);
        return asPostgres;
    }

    private void runAsServerUser(List<String> command) {
        run(serverUser(command));
    }

    private static void append(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private static void run(List<String> command) {
        MachineServices.run(command, LOG);
    }
}
