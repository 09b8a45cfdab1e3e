package com.volcanion.tracking.hostile;

import com.volcanion.tracking.hostile.HostileIngestion.GeneratedRequest;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One run of generated input: {@code clients} threads send {@code requests} generated requests (each thread its own
 * seeded {@link HostileIngestion}) to one system, while {@code neighbours} threads send well-formed events to
 * another system of the same service, in the same group commits. Then both systems are read back.
 * <p>
 * The run fails on any violation of {@link IngestionInvariants}, or on a neighbour's request answered anything but
 * 202 or stored otherwise than acknowledged. The report names the seed that reproduces the input.
 */
public final class GeneratedIngestionRun {

    /** The service under test, seen through one system's API key. */
    public interface IngestionService {

        /** Posts the body with the system's key; the status and the body of the answer. */
        Answer post(String path, byte[] body);

        /** Every event of the system in the read model, as the query API returns them (read with exact numbers). */
        List<JsonNode> storedEvents(long expected);
    }

    public record Answer(int status, String body) {
    }

    /**
     * Every item of a keyset-paged query: {@code page} answers the page at a cursor (null for the first) with the
     * query API's JSON body, read here with exact numbers.
     */
    public static List<JsonNode> allItems(Function<String, String> page) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode body = IngestionInvariants.readExact(page.apply(cursor));
            body.get("items").forEach(items::add);
            cursor = body.get("nextCursor").isNull() ? null : body.get("nextCursor").asString();
        } while (cursor != null);
        return items;
    }

    /** What a run saw; {@link #violations} empty means it passed. */
    public record Report(long seed, int requests, String answers, long neighbourRequests, List<String> violations) {

        public String describe() {
            return "seed " + seed + " (-Dtracking.generated.seed=" + seed + "), " + requests + " generated requests: "
                    + answers + "; " + neighbourRequests + " neighbour requests meanwhile; "
                    + (violations.isEmpty() ? "no violation" : violations.size() + " violations, the first: "
                    + String.join("\n  ", violations.subList(0, Math.min(20, violations.size()))));
        }
    }

    private GeneratedIngestionRun() {
    }

    public static Report run(long seed, int requests, int clients, IngestionService fuzzed, IngestionService neighbour,
                             int neighbours) throws Exception {
        IngestionInvariants invariants = new IngestionInvariants();
        AtomicLong next = new AtomicLong();
        AtomicBoolean generating = new AtomicBoolean(true);
        Map<String, Integer> neighbourAnswers = new ConcurrentHashMap<>();
        AtomicLong neighbourSequence = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients + neighbours)) {
            List<Future<?>> neighbourClients = new ArrayList<>();
            for (int n = 0; n < neighbours; n++) {
                neighbourClients.add(pool.submit(() -> {
                    while (generating.get()) {
                        String messageId = "neighbour-" + seed + "-" + neighbourSequence.incrementAndGet();
                        Answer answer = neighbour.post("/api/events/ingest", ("{\"messageId\":\"" + messageId
                                + "\",\"eventName\":\"Neighbour\",\"userId\":\"n-1\",\"properties\":{\"n\":1}}")
                                .getBytes(StandardCharsets.UTF_8));
                        neighbourAnswers.put(messageId, answer.status());
                    }
                    return null;
                }));
            }
            List<Future<?>> generators = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                HostileIngestion input = new HostileIngestion(seed + c, "g" + seed % 100_000 + "c" + c);
                generators.add(pool.submit(() -> {
                    while (next.getAndIncrement() < requests) {
                        GeneratedRequest request = input.next();
                        Answer answer = fuzzed.post(request.path(), request.body());
                        invariants.check(request, answer.status(), answer.body());
                    }
                    return null;
                }));
            }
            for (Future<?> generator : generators) {
                generator.get();
            }
            generating.set(false);
            for (Future<?> client : neighbourClients) {
                client.get();
            }
        }
        List<String> violations = new ArrayList<>(invariants.checkStored(fuzzed.storedEvents(invariants.acceptedCount())));
        Map<Integer, Long> neighbourStatuses = new TreeMap<>();
        neighbourAnswers.values().forEach(status -> neighbourStatuses.merge(status, 1L, Long::sum));
        if (neighbourStatuses.keySet().stream().anyMatch(status -> status != 202)) {
            violations.add("a neighbour's well-formed events were answered " + neighbourStatuses);
        }
        List<String> storedNeighbours = new ArrayList<>();
        neighbour.storedEvents(neighbourAnswers.size()).forEach(item -> storedNeighbours.add(item.get("messageId").asString()));
        if (storedNeighbours.size() != neighbourAnswers.size() || !neighbourAnswers.keySet().containsAll(storedNeighbours)) {
            violations.add("the neighbour sent " + neighbourAnswers.size() + " events, " + storedNeighbours.size() + " are stored");
        }
        return new Report(seed, requests, invariants.summary(), neighbourAnswers.size(), violations);
    }
}
