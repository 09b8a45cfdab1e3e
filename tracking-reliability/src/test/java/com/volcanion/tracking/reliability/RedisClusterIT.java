package com.volcanion.tracking.reliability;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's Redis (issue 16): a Redis Cluster of six processes ({@link RedisClusterProcesses}) under two nodes
 * configured with {@code spring.data.redis.cluster.nodes}. Every use of Redis works on it — a deactivated key refused
 * at once on the other node, the statistics cache, a rate limit held across both nodes, a structure change seen at
 * once by the other node — and the master holding the rate limit's bucket is killed with {@code kill -9} under
 * ingestion: a replica takes over, no request gets a 5xx, and the limit is enforced again.
 */
class RedisClusterIT extends ReliabilityTest {

    private static final int PER_SECOND = 200;
    private static final int BURST = 1000;   // RateLimit.of(200): two seconds' worth, at least one batch
    private static final int BATCH = 50;
    private RedisClusterProcesses cluster;

    @AfterEach
    void stopTheCluster() {
        nodes.forEach(ServiceNode::close);
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyUseOfRedisWorksOnAClusterAndSurvivesAMastersFailover() throws Exception {
        cluster = RedisClusterProcesses.start();
        Map<String, String> settings = Map.of("SPRING_DATA_REDIS_CLUSTER_NODES", cluster.nodes());
        ServiceNode one = startNode("cluster-1", settings);
        ServiceNode two = startNode("cluster-2", settings);
        var system = Fixture.newSystem(one);

        // a deactivated key: refused at once on the node that had it cached
        var doomed = Fixture.newSystem(one, system.partnerId());
        assertThat(ingest(one, doomed, "doomed-1").status()).isEqualTo(202);
        assertThat(ingest(two, doomed, "doomed-2").status()).isEqualTo(202);
        assertThat(Http.patchAsAdmin(two.uri("/api/systems/" + doomed.systemId()), "{\"active\":false}").status())
                .isEqualTo(200);
        assertThat(ingest(one, doomed, "doomed-3").status()).as("the next request on the other node").isEqualTo(401);

        // a structure changed on one node: the other validates by the new version at once
        String name = "Checked";
        assertThat(Http.put(two, "/api/partners/" + system.partnerId() + "/event-structures/" + name,
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\"]}}").status()).isEqualTo(201);
        assertThat(valid(one, system, name, "{\"total\":1}")).isTrue();   // node one compiles version 1
        assertThat(Http.put(two, "/api/partners/" + system.partnerId() + "/event-structures/" + name,
                "{\"schema\":{\"type\":\"object\",\"required\":[\"total\",\"coupon\"]}}").status()).isEqualTo(200);
        assertThat(valid(one, system, name, "{\"total\":1}")).as("checked by version 2 on the other node").isFalse();

        // the statistics cache: the second answer from Redis
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        String statistics = "/api/statistics/partners/" + system.partnerId() + "?from=" + to.minus(1, ChronoUnit.DAYS)
                + "&to=" + to;
        // (tried again while the projector still bumps the partner's generation with the events above)
        MachineServices.awaitUntil(Duration.ofSeconds(30), () -> {
            double hits = one.metric("tracking_cache_requests_total", "cache=\"statistics\"", "result=\"hit\"");
            String first = Http.getAsAdmin(two.uri(statistics)).body();
            String second = Http.getAsAdmin(one.uri(statistics)).body();
            return second.equals(first)
                    && one.metric("tracking_cache_requests_total", "cache=\"statistics\"", "result=\"hit\"") - hits == 1;
        });

        // a rate limit across both nodes, flooded while the master of its bucket is killed
        var flooding = Fixture.newSystem(one, system.partnerId());
        assertThat(Http.patchAsAdmin(one.uri("/api/systems/" + flooding.systemId()),
                "{\"rateLimitPerSecond\":" + PER_SECOND + "}").status()).isEqualTo(200);
        Flood before = flood(List.of(one, two), flooding, 6, null);
        String bucket = "ratelimit:" + flooding.systemId();
        int master = cluster.masterOf(bucket);
        assertThat(master).isPositive();
        long[] failover = new long[2];
        Flood during = flood(List.of(one, two), flooding, 20, () -> {
            failover[0] = System.nanoTime();
            cluster.kill9(master);
            // its replica serves the bucket's slot, and every live node says the cluster is whole
            MachineServices.awaitUntil(Duration.ofSeconds(30),
                    () -> cluster.masterOf(bucket) > 0 && cluster.masterOf(bucket) != master && cluster.healthyWithout(master));
            failover[1] = System.nanoTime();
        });
        double limitedBefore = limited(one, two);
        Flood after = flood(List.of(one, two), flooding, 6, null);
        double limitedAfter = limited(one, two) - limitedBefore;

        for (Flood flood : List.of(before, during, after)) {
            assertThat(flood.statuses().keySet()).as("answers to the flood").allMatch(status -> status == 200 || status == 429);
        }
        double allowanceBefore = BURST + PER_SECOND * before.seconds();
        assertThat((double) before.accepted()).as("one bucket for both nodes").isLessThanOrEqualTo(allowanceBefore + BATCH);
        double allowanceAfter = BURST + PER_SECOND * after.seconds();
        assertThat((double) after.accepted()).as("enforced again after the failover")
                .isLessThanOrEqualTo(allowanceAfter + BATCH);
        assertThat(limitedAfter).as("refusals after the failover").isPositive();

        Fixture.report(String.format("Redis Cluster (6 processes, 3 masters; cluster-node-timeout %d ms), two nodes: a "
                        + "deactivated key refused by the next request on the other node; a structure change applied at "
                        + "once on the other node; statistics answered from the cluster's cache; rate limit %d/s across "
                        + "both nodes: %d events taken in %.1f s (allowance %.0f), answers %s; master of the bucket "
                        + "killed under the flood: its replica took over after %.1f s, answers %s (no 5xx), %d events taken "
                        + "in %.1f s (allowance %.0f: not enforced while the bucket's slot had no master); after: %d events "
                        + "taken in %.1f s (allowance %.0f), %.0f refusals",
                RedisClusterProcesses.NODE_TIMEOUT_MS, PER_SECOND, before.accepted(), before.seconds(), allowanceBefore,
                before.statuses(), (failover[1] - failover[0]) / 1e9, during.statuses(), during.accepted(), during.seconds(),
                BURST + PER_SECOND * during.seconds(), after.accepted(),
                after.seconds(), allowanceAfter, limitedAfter));
    }

    private record Flood(long accepted, double seconds, Map<Integer, AtomicInteger> statuses) {
    }

    /** Four clients send batches through the nodes in turn for so long; {@code meanwhile} runs once, 3 s in. */
    private static Flood flood(List<ServiceNode> nodes, Fixture.TestSystem system, int seconds, ThrowingRunnable meanwhile)
            throws Exception {
        AtomicLong accepted = new AtomicLong();
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        String run = Long.toString(System.nanoTime(), 36);
        long start = System.nanoTime();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int c = 0; c < 4; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        List<String> ids = new ArrayList<>();
                        for (int j = 0; j < BATCH; j++) {
                            ids.add("flood-" + run + "-" + client + "-" + i + "-" + j);
                        }
                        int status;
                        try {
                            Http.Answer answer = Http.postWithKey(nodes.get((client + i) % nodes.size()).uri("/api/events/batch"),
                                    system.apiKey(), Fixture.batch(ids));
                            status = answer.status();
                            if (status == 200) {
                                accepted.addAndGet(Fixture.json(answer.body()).get("accepted").asLong());
                            }
                        } catch (java.io.UncheckedIOException noAnswer) {
                            status = -1;
                        }
                        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }
                }));
            }
            if (meanwhile != null) {
                Thread.sleep(3_000);
                meanwhile.run();
            }
            long end = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                Thread.sleep(50);
            }
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
        for (Future<?> client : running) {
            client.get();   // a client that died of an exception fails the test
        }
        return new Flood(accepted.get(), (System.nanoTime() - start) / 1e9, statuses);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static double limited(ServiceNode... nodes) {
        double sum = 0;
        for (ServiceNode node : nodes) {
            sum += node.metric("tracking_rate_limit_requests_total", "result=\"limited\"");
        }
        return sum;
    }

    private static Http.Answer ingest(ServiceNode node, Fixture.TestSystem system, String messageId) {
        return Http.postWithKey(node.uri("/api/events/ingest"), system.apiKey(), Fixture.event(messageId));
    }

    private static boolean valid(ServiceNode node, Fixture.TestSystem system, String eventName, String properties) {
        Http.Answer answer = Http.postWithKey(node.uri("/api/events/ingest"), system.apiKey(),
                "{\"eventName\":\"" + eventName + "\",\"properties\":" + properties + "}");
        assertThat(answer.status()).isEqualTo(202);
        return Fixture.json(answer.body()).get("valid").asBoolean();
    }
}
