package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's read path (issue 16): a primary and a streaming standby made by {@code pg_basebackup}
 * ({@link PrimaryWithStandby}), three nodes on the primary, two of them reading from the standby
 * ({@code tracking.read-datasource.*}). Reads are served by the standby (its {@code pg_stat_activity} and the nodes'
 * metrics say so) with the same answers as the primary's; with the standby stopped every read still answers 200,
 * from the primary; started again, it is used again; and while its replay is paused past {@code max-lag}, reads go to
 * the primary and see what the standby has not replayed.
 */
class ReadReplicaIT extends ReliabilityTest {

    private static final int EVENTS = 200;
    private PrimaryWithStandby servers;

    @AfterEach
    void stopTheServers() {
        nodes.forEach(ServiceNode::close);
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void readsAreServedByTheStandbyAndByThePrimaryWhileItIsDownOrBehind() throws Exception {
        servers = PrimaryWithStandby.start();
        Map<String, String> primary = Map.of("SPRING_DATASOURCE_URL", servers.primaryUrl());
        ServiceNode writer = started(new ServiceNode("replica-writer", database, primary));
        Map<String, String> reading = Map.of("SPRING_DATASOURCE_URL", servers.primaryUrl(),
                "TRACKING_READ_DATASOURCE_URL", servers.standbyUrl(), "TRACKING_READ_DATASOURCE_USERNAME", "postgres",
                "TRACKING_READ_DATASOURCE_PASSWORD", "", "TRACKING_READ_DATASOURCE_MAX_LAG", "3s");
        List<ServiceNode> readers = List.of(started(new ServiceNode("replica-reader-1", database, reading)),
                started(new ServiceNode("replica-reader-2", database, reading)));
        var system = Fixture.newSystem(writer);
        ingest(writer, system, "first", EVENTS);
        awaitEvents(writer, system, EVENTS);
        awaitReplayed();
        awaitReplicaUsable(readers, 1, Duration.ofSeconds(30));

        // served by the standby: the readers' counters, and the transactions the standby ran meanwhile
        double replicaBefore = replicaReads(readers);
        double primaryBefore = primaryReads(readers);
        long standbyTransactions = standbyTransactions();
        for (int i = 0; i < 50; i++) {   // each statistics and sessions range a new one: no answer from the cache
            ServiceNode reader = readers.get(i % 2);
            Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
            Instant from = to.minus(24 + i, ChronoUnit.HOURS);
            assertThat(events(reader, system)).isEqualTo(EVENTS);
            assertThat(Fixture.json(read(reader, "/api/statistics/partners/" + system.partnerId() + "?from=" + from
                    + "&to=" + to)).get("totalEvents").asInt()).isEqualTo(EVENTS);
            assertThat(Fixture.json(read(reader, "/api/analytics/partners/" + system.partnerId() + "/sessions?from="
                    + from + "&to=" + to)).get("sessions").asInt()).isPositive();
        }
        double servedByReplica = replicaReads(readers) - replicaBefore;
        double servedByPrimary = primaryReads(readers) - primaryBefore;
        assertThat(servedByReplica).isEqualTo(150);
        assertThat(servedByPrimary).isZero();
        // (a backend reports its transactions to the statistics within seconds, not at once)
        MachineServices.awaitUntil(Duration.ofSeconds(30), () -> standbyTransactions() - standbyTransactions >= 150);

        // the standby stopped under reads, then started again: every read answers 200
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicBoolean reading200 = new AtomicBoolean(true);
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(2);
        List<Future<?>> running = new ArrayList<>();
        double toPrimary;
        double primaryDuringOutage;
        double backToReplica;
        double replicaAfter;
        try {
            for (ServiceNode reader : readers) {
                running.add(clients.submit(() -> {
                    while (!stop.get()) {
                        int status;
                        try {
                            var answer = Http.getAsAdmin(reader.uri("/api/events/partner-system/" + system.systemId()
                                    + "?limit=1000"));
                            status = answer.status();
                            if (status == 200 && Fixture.json(answer.body()).get("items").size() != EVENTS) {
                                reading200.set(false);
                            }
                        } catch (java.io.UncheckedIOException noAnswer) {
                            status = -1;
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            Thread.sleep(2_000);
            long stopped = System.nanoTime();
            servers.stopStandby();
            awaitReplicaUsable(readers, 0, Duration.ofSeconds(30));
            toPrimary = (System.nanoTime() - stopped) / 1e9;
            primaryDuringOutage = primaryReads(readers);
            Thread.sleep(5_000);
            primaryDuringOutage = primaryReads(readers) - primaryDuringOutage;
            long restarted = System.nanoTime();
            servers.startStandby();
            awaitReplicaUsable(readers, 1, Duration.ofSeconds(60));
            backToReplica = (System.nanoTime() - restarted) / 1e9;
            replicaAfter = replicaReads(readers);
            Thread.sleep(2_000);
            replicaAfter = replicaReads(readers) - replicaAfter;
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> client : running) {
            client.get();   // a client that died of an exception fails the test
        }
        int answered = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(statuses.keySet()).as("statuses of every read while the standby stopped and started").containsOnly(200);
        assertThat(reading200).as("every answer held every event").isTrue();
        assertThat(primaryDuringOutage).as("reads served by the primary while the standby was down").isPositive();
        assertThat(replicaAfter).as("reads served by the standby once it is back").isPositive();

        // replay paused: past max-lag (3 s) the readers read the primary, and see events the standby has not replayed
        execute(servers.standbyPort, "select pg_wal_replay_pause()");
        ingest(writer, system, "second", 10);
        awaitEvents(writer, system, EVENTS + 10);
        long written = System.nanoTime();
        for (ServiceNode reader : readers) {
            MachineServices.awaitUntil(Duration.ofSeconds(30), () -> events(reader, system) == EVENTS + 10);
        }
        double newEventsVisible = (System.nanoTime() - written) / 1e9;
        double lagSeen = readers.getFirst().metric("tracking_read_replica_lag_seconds");
        execute(servers.standbyPort, "select pg_wal_replay_resume()");
        awaitReplicaUsable(readers, 1, Duration.ofSeconds(30));
        for (ServiceNode reader : readers) {
            assertThat(events(reader, system)).isEqualTo(EVENTS + 10);
        }

        Fixture.report(String.format("read replica (pg_basebackup standby, two of three nodes reading from it): "
                        + "%.0f of %.0f reads (queries, statistics, sessions; %.0f%%) served by the standby; standby stopped under reads: %d reads, "
                        + "statuses %s, reads on the primary after %.1f s; standby started again: reads on it after "
                        + "%.1f s; replay paused: new events visible on both readers after %.1f s (max-lag 3 s, lag "
                        + "metric %.1f s)", servedByReplica, servedByReplica + servedByPrimary,
                100 * servedByReplica / (servedByReplica + servedByPrimary), answered, statuses, toPrimary,
                backToReplica, newEventsVisible, lagSeen));
    }

    private ServiceNode started(ServiceNode node) {
        nodes.add(node);
        return node.start();
    }

    /** Waits until every reader's {@code tracking_read_replica_usable} reads {@code usable} (1 or 0). */
    private static void awaitReplicaUsable(List<ServiceNode> readers, int usable, Duration limit) {
        for (ServiceNode reader : readers) {
            MachineServices.awaitUntil(limit, () -> reader.metric("tracking_read_replica_usable") == usable);
        }
    }

    private static void ingest(ServiceNode node, Fixture.TestSystem system, String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + "-" + i);
        }
        assertThat(Http.postWithKey(node.uri("/api/events/batch"), system.apiKey(), Fixture.batch(ids)).status())
                .isEqualTo(200);
    }

    private static void awaitEvents(ServiceNode node, Fixture.TestSystem system, int count) {
        MachineServices.awaitUntil(Duration.ofSeconds(30), () -> events(node, system) == count);
    }

    private static int events(ServiceNode node, Fixture.TestSystem system) {
        var page = Http.getAsAdmin(node.uri("/api/events/partner-system/" + system.systemId() + "?limit=1000"));
        assertThat(page.status()).isEqualTo(200);
        return Fixture.json(page.body()).get("items").size();
    }

    private static String read(ServiceNode node, String path) {
        var answer = Http.getAsAdmin(node.uri(path));
        assertThat(answer.status()).as(path).isEqualTo(200);
        return answer.body();
    }

    private static double replicaReads(List<ServiceNode> readers) {
        return readers.stream().mapToDouble(node -> node.metric("tracking_read_queries_total", "source=\"replica\"")).sum();
    }

    private static double primaryReads(List<ServiceNode> readers) {
        return readers.stream().mapToDouble(node -> node.metric("tracking_read_queries_total", "source=\"primary\"")).sum();
    }

    /** Transactions the standby's database has run (committed), as its statistics count them. */
    private long standbyTransactions() {
        try {
            return queryLong(servers.standbyPort, "select xact_commit from pg_stat_database where datname = '"
                    + PrimaryWithStandby.DATABASE + "'");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the standby has replayed everything the primary has flushed. */
    private void awaitReplayed() throws Exception {
        long primaryPosition = queryLong(servers.primaryPort, "select pg_wal_lsn_diff(pg_current_wal_flush_lsn(), '0/0')::bigint");
        MachineServices.awaitUntil(Duration.ofSeconds(30), () -> {
            try {
                return queryLong(servers.standbyPort, "select pg_wal_lsn_diff(pg_last_wal_replay_lsn(), '0/0')::bigint")
                        >= primaryPosition;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static long queryLong(int port, String sql) throws Exception {
        try (Connection connection = PrimaryWithStandby.connect(port, PrimaryWithStandby.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void execute(int port, String sql) throws Exception {
        try (Connection connection = PrimaryWithStandby.connect(port, PrimaryWithStandby.DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
