package com.volcanion.tracking.infrastructure.schema;

import com.volcanion.tracking.application.ingest.EventValidator.Verdict;
import com.volcanion.tracking.infrastructure.cache.CacheMetrics;
import com.volcanion.tracking.infrastructure.schema.NetworkntEventValidator.StoredStructure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compiled-schema cache under concurrency: loads are single-flight, and an eviction that meets a load in flight
 * wins. The partner's stored structures come from a function the test controls, so a load can be held mid-flight.
 */
class NetworkntEventValidatorTest {

    private static final UUID PARTNER = UUID.randomUUID();
    private static final String REQUIRES_ORDER_ID = "{\"type\":\"object\",\"required\":[\"orderId\"]}";

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicInteger loads = new AtomicInteger();
    private final CountDownLatch firstLoadEntered = new CountDownLatch(1);
    private final CountDownLatch releaseFirstLoad = new CountDownLatch(1);
    private volatile int storedVersion = 1;

    /** Reads "the database": the version stored when the load began; the first load waits to be released. */
    private List<StoredStructure> structuresOf(UUID partnerId) {
        int version = storedVersion;
        if (loads.incrementAndGet() == 1) {
            firstLoadEntered.countDown();
            await(releaseFirstLoad);
        }
        return List.of(new StoredStructure("Order Completed", REQUIRES_ORDER_ID, version));
    }

    private final NetworkntEventValidator validator =
            new NetworkntEventValidator(this::structuresOf, new CacheMetrics(registry));

    private Verdict validate() {
        return validator.validate(PARTNER, "Order Completed", "{\"orderId\":\"o-1\"}");
    }

    /**
     * The structure changes while a load that read the old one is in flight; the change's eviction arrives before the
     * load ends. The old schema must not be put back: the next event is checked against the new version.
     */
    @Test
    void anEvictionDuringALoadDiscardsWhatTheLoadRead() throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<Verdict> during = pool.submit(this::validate);
            assertThat(firstLoadEntered.await(10, TimeUnit.SECONDS)).isTrue();

            storedVersion = 2;   // the change commits, then its eviction runs
            Thread evicting = Thread.ofPlatform().start(() -> validator.evict(PARTNER));
            awaitBlockedOrDone(evicting);
            releaseFirstLoad.countDown();
            evicting.join(10_000);

            assertThat(during.get(10, TimeUnit.SECONDS).schemaVersion()).as("the request that raced the change")
                    .isEqualTo(1);
        }
        assertThat(validate().schemaVersion()).as("every later request").isEqualTo(2);
        assertThat(loads).hasValue(2);
    }

    @Test
    void manyRequestsForAPartnerNotCachedLoadItOnce() throws Exception {
        int requests = 8;
        try (ExecutorService pool = Executors.newFixedThreadPool(requests)) {
            List<Future<Verdict>> verdicts = IntStream.range(0, requests).mapToObj(i -> pool.submit(this::validate)).toList();
            assertThat(firstLoadEntered.await(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);   // let the other requests arrive at the load in flight
            releaseFirstLoad.countDown();
            for (Future<Verdict> verdict : verdicts) {
                assertThat(verdict.get(10, TimeUnit.SECONDS).errors()).isEmpty();
            }
        }
        assertThat(loads).hasValue(1);
        assertThat(registry.get("tracking.cache.requests").tag("cache", "schema").tag("result", "miss").counter().count())
                .isEqualTo(1);
        assertThat(registry.get("tracking.cache.requests").tag("cache", "schema").tag("result", "hit").counter().count())
                .isEqualTo(requests - 1);
    }

    @Test
    void checksPropertiesAgainstTheStructureOfTheirEventName() {
        releaseFirstLoad.countDown();
        assertThat(validator.validate(PARTNER, "Order Completed", "{}").errors())
                .singleElement().satisfies(error -> assertThat(error.message()).contains("orderId"));
        assertThat(validator.validate(PARTNER, "Page Viewed", "{}")).isEqualTo(Verdict.NO_STRUCTURE);
    }

    /**
     * A structure stored with a remote reference (defined before the checker refused them, or written by hand) is
     * never fetched when an event uses it: the event is stored invalid with the reason, and nothing is asked of the
     * address. The server answers a schema the event breaks, so a fetch would show as a different error too.
     */
    @Test
    void neverFetchesARemoteReferenceWhenCheckingAnEvent() throws Exception {
        try (SchemaServer server = new SchemaServer("{\"type\":\"string\"}")) {
            String schema = "{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"" + server.address() + "\"}}}";
            NetworkntEventValidator referring = new NetworkntEventValidator(
                    partnerId -> List.of(new StoredStructure("Order Completed", schema, 1)), new CacheMetrics(registry));

            Verdict verdict = referring.validate(PARTNER, "Order Completed", "{\"a\":1}");

            assertThat(verdict.errors()).singleElement()
                    .satisfies(error -> assertThat(error.message()).contains("could not be checked"));
            assertThat(server.requests()).isZero();
        }
    }

    /** Waits until the thread is blocked (the eviction waiting for the load) or has finished (it did not wait). */
    private static void awaitBlockedOrDone(Thread thread) throws InterruptedException {
        for (int i = 0; i < 1_000; i++) {
            Thread.State state = thread.getState();
            if (state == Thread.State.BLOCKED || state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the evicting thread neither blocked nor finished");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
