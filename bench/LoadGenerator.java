import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small HTTP load generator for the ingestion API (single-file Java: {@code java bench/LoadGenerator.java ...}).
 *
 * <pre>
 * closed MODE URL KEY CONNECTIONS SECONDS           each connection sends its next request when the last is answered
 * open   MODE URL KEY CONNECTIONS SECONDS RATE      requests are scheduled at RATE per second; latency is measured
 *                                                   from the scheduled time, so a stall is not hidden
 * MODE: single (one event per request to /api/events/ingest) or batch (100 events per request to /api/events/batch)
 * </pre>
 * Prints one line: {@code ok=… ok_per_s=… ok_events_per_s=… non2xx=… seconds=… p50_ms=… p99_ms=…}: throughput counts
 * 2xx answers only; {@code non2xx} lists every other answer by status ({@code io} for a failed exchange).
 * Events carry ~500 bytes of properties and a fresh messageId each.
 */
public class LoadGenerator {

    static final String PROPERTIES = "{\"orderId\":\"o-%s\",\"total\":129.95,\"currency\":\"EUR\",\"coupon\":null,"
            + "\"items\":[{\"sku\":\"SKU-10042\",\"name\":\"Espresso machine\",\"price\":119.0,\"quantity\":1},"
            + "{\"sku\":\"SKU-20077\",\"name\":\"Descaler 2-pack\",\"price\":10.95,\"quantity\":1}],"
            + "\"shipping\":{\"method\":\"standard\",\"country\":\"DE\",\"postcode\":\"10115\"},"
            + "\"campaign\":{\"source\":\"newsletter\",\"medium\":\"email\",\"name\":\"black-friday-2026\"},"
            + "\"page\":{\"path\":\"/checkout/complete\",\"referrer\":\"https://shop.acme.example/cart\"}}";

    public static void main(String[] args) throws Exception {
        String loop = args[0];
        String mode = args[1];
        String url = args[2];
        String key = args[3];
        int connections = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        double rate = loop.equals("open") ? Double.parseDouble(args[6]) : 0;
        boolean batch = mode.equals("batch");
        URI uri = URI.create(url + (batch ? "/api/events/batch" : "/api/events/ingest"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        long[] latencies = new long[16_000_000];
        AtomicLong recorded = new AtomicLong();
        Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long end = start + Duration.ofSeconds(seconds).toNanos();
        AtomicLong scheduled = new AtomicLong();
        long intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;

        try (ExecutorService workers = Executors.newFixedThreadPool(connections)) {
            for (int c = 0; c < connections; c++) {
                workers.submit(() -> {
                    while (true) {
                        long intended;
                        if (intervalNanos > 0) {
                            intended = start + scheduled.getAndIncrement() * intervalNanos;
                            if (intended >= end) {
                                return null;
                            }
                            long wait = intended - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        } else {
                            intended = System.nanoTime();
                            if (intended >= end) {
                                return null;
                            }
                        }
                        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                                .header("Content-Type", "application/json").header("X-Api-Key", key)
                                .POST(HttpRequest.BodyPublishers.ofString(batch ? batchBody() : event())).build();
                        String status;
                        try {
                            status = String.valueOf(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
                        } catch (Exception e) {
                            status = "io";
                        }
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        long index = recorded.getAndIncrement();
                        if (index < latencies.length) {
                            latencies[(int) index] = System.nanoTime() - intended;
                        }
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        int count = (int) Math.min(recorded.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        long ok = 0;
        Map<String, Long> other = new TreeMap<>();
        for (Map.Entry<String, LongAdder> status : statuses.entrySet()) {
            if (status.getKey().startsWith("2")) {
                ok += status.getValue().sum();
            } else {
                other.put(status.getKey(), status.getValue().sum());
            }
        }
        StringBuilder non2xx = new StringBuilder();
        other.forEach((status, n) -> non2xx.append(non2xx.isEmpty() ? "" : ",").append(status).append('x').append(n));
        System.out.printf(Locale.ROOT, "ok_per_s=%.0f ok_events_per_s=%.0f ok=%d non2xx=%s p50_ms=%.1f p99_ms=%.1f"
                        + " seconds=%.1f%n", ok / elapsed, ok * (batch ? 100 : 1) / elapsed, ok,
                non2xx.isEmpty() ? "none" : non2xx, percentile(sorted, 0.50), percentile(sorted, 0.99), elapsed);
    }

    static String event() {
        return "{\"messageId\":\"" + UUID.randomUUID() + "\",\"eventName\":\"Order Completed\",\"userId\":\"u-"
                + (System.nanoTime() % 100_000) + "\",\"properties\":" + PROPERTIES.formatted(UUID.randomUUID()) + "}";
    }

    static String batchBody() {
        StringBuilder body = new StringBuilder(60_000).append("{\"events\":[");
        for (int i = 0; i < 100; i++) {
            body.append(i == 0 ? "" : ",").append(event());
        }
        return body.append("]}").toString();
    }

    static double percentile(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
    }
}
