import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A small HTTP/1.1 load generator for the ingestion API (single-file Java: {@code java bench/LoadGenerator.java ...}).
 * Each connection is a keep-alive socket driven by a virtual thread, with requests written and answers read by
 * hand, so that the generator costs the shared cores little.
 *
 * <pre>
 * closed MODE URL KEY CONNECTIONS SECONDS           each connection sends its next request when the last is answered
 * open   MODE URL KEY CONNECTIONS SECONDS RATE      requests are scheduled at RATE per second; latency is measured
 *                                                   from the scheduled time, so a stall is not hidden
 * MODE: single (one event per request to /api/events/ingest) or batch (100 events per request to /api/events/batch)
 * </pre>
 * Warms up for 3 s (its own JIT and the service's), then prints one line: {@code ok_per_s=… ok_events_per_s=… ok=…
 * non2xx=… p50_ms=… p99_ms=… seconds=…}: throughput counts 2xx answers only; {@code non2xx} lists every other answer
 * by status ({@code io} for a failed exchange). Events carry ~500 bytes of properties and a fresh messageId each.
 */
public class LoadGenerator {

    static final String PROPERTIES = "{\"orderId\":\"o-%s\",\"total\":129.95,\"currency\":\"EUR\",\"coupon\":null,"
            + "\"items\":[{\"sku\":\"SKU-10042\",\"name\":\"Espresso machine\",\"price\":119.0,\"quantity\":1},"
            + "{\"sku\":\"SKU-20077\",\"name\":\"Descaler 2-pack\",\"price\":10.95,\"quantity\":1}],"
            + "\"shipping\":{\"method\":\"standard\",\"country\":\"DE\",\"postcode\":\"10115\"},"
            + "\"campaign\":{\"source\":\"newsletter\",\"medium\":\"email\",\"name\":\"black-friday-2026\"},"
            + "\"page\":{\"path\":\"/checkout/complete\",\"referrer\":\"https://shop.acme.example/cart\"}}";
    static final Duration WARM_UP = Duration.ofSeconds(3);

    public static void main(String[] args) throws Exception {
        String loop = args[0];
        boolean batch = args[1].equals("batch");
        URI base = URI.create(args[2]);
        String key = args[3];
        int connections = Integer.parseInt(args[4]);
        int seconds = Integer.parseInt(args[5]);
        double rate = loop.equals("open") ? Double.parseDouble(args[6]) : 0;
        String path = batch ? "/api/events/batch" : "/api/events/ingest";

        run(base, key, path, batch, connections, WARM_UP, rate, new Results());   // not counted
        Results results = new Results();
        long elapsed = run(base, key, path, batch, connections, Duration.ofSeconds(seconds), rate, results);
        results.print(elapsed, batch ? 100 : 1);
    }

    /** Drives the connections for {@code length}; returns the nanoseconds it took. */
    static long run(URI base, String key, String path, boolean batch, int connections, Duration length, double rate,
                    Results results) throws InterruptedException {
        long start = System.nanoTime();
        results.startedAt = java.time.Instant.now();
        long end = start + length.toNanos();
        long interval = rate > 0 ? (long) (1e9 / rate) : 0;
        AtomicLong scheduled = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(Thread.ofVirtual().start(() -> {
                Connection connection = null;
                while (true) {
                    long intended = interval > 0 ? start + scheduled.getAndIncrement() * interval : System.nanoTime();
                    if (intended >= end) {
                        break;
                    }
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        sleep(wait);
                    }
                    String status;
                    try {
                        if (connection == null) {
                            connection = new Connection(base);
                        }
                        status = String.valueOf(connection.post(path, key, batch ? batchBody() : event()));
                        if (connection.closing) {   // the server ends keep-alive connections after a while
                            connection = close(connection);
                        }
                    } catch (IOException e) {
                        status = "io";
                        connection = close(connection);
                    }
                    results.record(status, intended - start, System.nanoTime() - intended);
                }
                close(connection);
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return System.nanoTime() - start;
    }

    static void sleep(long nanos) {
        try {
            Thread.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Connection close(Connection connection) {
        if (connection != null) {
            try {
                connection.socket.close();
            } catch (IOException ignored) {
                // closing a broken connection
            }
        }
        return null;
    }

    /**
     * One keep-alive connection: writes a POST, reads the status and skips the body (Content-Length or chunked); the
     * caller opens a new one after an answer that closes it.
     */
    static final class Connection {

        final Socket socket;
        final OutputStream out;
        final InputStream in;
        final String host;
        /** The last answer said {@code Connection: close}. */
        boolean closing;

        Connection(URI base) throws IOException {
            socket = new Socket(base.getHost(), base.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16_384);
            host = base.getHost() + ":" + base.getPort();
        }

        int post(String path, String key, String body) throws IOException {
            byte[] content = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "X-Api-Key: " + key + "\r\nContent-Length: " + content.length + "\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
            String statusLine = line();
            if (statusLine.length() < 12) {
                throw new IOException("no answer");
            }
            int status = Integer.parseInt(statusLine.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    closing = true;
                }
            }
            if (chunked) {
                for (long chunk = Long.parseLong(line().trim(), 16); chunk > 0; chunk = Long.parseLong(line().trim(), 16)) {
                    skip(chunk);
                    line();
                }
                line();
            } else if (length > 0) {
                skip(length);
            }
            return status;
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        private void skip(long bytes) throws IOException {
            in.skipNBytes(bytes);   // EOFException when the connection closed first
        }
    }

    /** Latencies and answers by status. */
    static final class Results {

        final long[] latencies = new long[16_000_000];
        final AtomicLong recorded = new AtomicLong();
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        /** With -Dtimeline: each 100 ms of the schedule, its slowest answer (to tell a stall from a steady tail). */
        java.time.Instant startedAt;
        final Map<Long, Long> slowestByTenth = Boolean.getBoolean("timeline") ? new ConcurrentHashMap<>() : null;

        void record(String status, long scheduledNanos, long latencyNanos) {
            statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
            long index = recorded.getAndIncrement();
            if (index < latencies.length) {
                latencies[(int) index] = latencyNanos;
            }
            if (slowestByTenth != null) {
                slowestByTenth.merge(scheduledNanos / 100_000_000, latencyNanos, Math::max);
            }
        }

        void print(long elapsedNanos, int eventsPerRequest) {
            double elapsed = elapsedNanos / 1e9;
            long[] sorted = Arrays.copyOf(latencies, (int) Math.min(recorded.get(), latencies.length));
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
                            + " seconds=%.1f%n", ok / elapsed, ok * eventsPerRequest / elapsed, ok,
                    non2xx.isEmpty() ? "none" : non2xx, percentile(sorted, 0.50), percentile(sorted, 0.99), elapsed);
            if (slowestByTenth != null) {
                new TreeMap<>(slowestByTenth).forEach((tenth, slowest) -> {
                    if (slowest > 20_000_000) {
                        System.out.printf(Locale.ROOT, "  slow: %s, up to %.1f ms%n", startedAt.plusMillis(tenth * 100), slowest / 1e6);
                    }
                });
            }
        }

        static double percentile(long[] sorted, double p) {
            return sorted.length == 0 ? 0
                    : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1e6;
        }
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
}
