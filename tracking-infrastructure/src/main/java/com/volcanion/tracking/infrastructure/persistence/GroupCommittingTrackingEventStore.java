package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.ingest.TrackingEventStore;
import com.volcanion.tracking.domain.event.TrackingEvent;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Group commit: concurrent requests are gathered for up to {@code maxWait} into one transaction (the way
 * RudderStack's gateway batches user requests), and each request is answered after that commit. A few writer
 * threads keep several transactions in flight. Every answer tells the truth about what is stored:
 * <ul>
 * <li><b>Stored</b>: the events are committed (each under its id, or the id of the earlier event with its
 * messageId).</li>
 * <li><b>{@link StoreUnavailableException} (503): nothing of the request is stored.</b> A request that no writer has
 * taken when {@code requestTimeout} passes is withdrawn from the queue, so it is never written later. A request
 * whose group is in flight waits for that group's outcome, which the statement, lock and network timeouts of the
 * transaction bound ({@link JdbcTrackingEventWriter}). The one case where the answer cannot know is a connection
 * lost while PostgreSQL commits: the request is answered 503 and its events may be stored (a retry with the same
 * messageIds is then a DUPLICATE).</li>
 * <li><b>One bad event never fails its neighbours.</b> When PostgreSQL refuses a group's data (or the group loses a
 * deadlock), the group is written once more event by event, each behind a savepoint, in one transaction: an event
 * the database refuses is answered {@link Refused} alone and the others are stored.</li>
 * </ul>
 * Once a group failed because the database is unreachable, requests are refused at once for a second (one probe
 * request at a time goes through), instead of each waiting for the connection timeout. A writer survives anything,
 * JVM errors included: the group it was writing is answered 503 and the writer goes on.
 * <p>
 * Each group's write is observed as {@code tracking.ingest.group.commit}: a timer for the metrics and a span for
 * the traces. The span is a trace of its own (one transaction serves many requests) and names the correlation
 * ids of the requests it served.
 */
@Component
@EnableConfigurationProperties(GroupCommitProperties.class)
public class GroupCommittingTrackingEventStore implements TrackingEventStore, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommittingTrackingEventStore.class);
    /** A safety net only: the writer's own timeouts end every group long before. */
    private static final Duration IN_FLIGHT_LIMIT = Duration.ofSeconds(60);

    /** Why a request was answered 503: the {@code reason} of {@code tracking_ingest_store_unavailable_total}. */
    private enum Reason {
        DATABASE_UNREACHABLE, QUEUE_FULL, WITHDRAWN, UNKNOWN, FAILED;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final JdbcTrackingEventWriter writer;
    private final GroupCommitProperties properties;
    private final BlockingQueue<Request> queue;
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary groupSizes;
    private final Counter groupsRewritten;
    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final CircuitBreaker database;
    private volatile boolean running = true;

    GroupCommittingTrackingEventStore(JdbcTrackingEventWriter writer, GroupCommitProperties properties,
                                      MeterRegistry registry, ObjectProvider<ObservationRegistry> observations) {
        this.writer = writer;
        this.properties = properties;
        this.registry = registry;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.groupSizes = DistributionSummary.builder("tracking.ingest.group.commit.events")
                .description("Events per group-commit transaction").baseUnit("events")
                .publishPercentileHistogram().register(registry);
        this.groupsRewritten = Counter.builder("tracking.ingest.group.commit.rewritten")
                .description("Groups whose one-statement write PostgreSQL refused, written again event by event")
                .register(registry);
        for (Reason reason : Reason.values()) {   // at zero from the start: a rate of 0, not "no data"
            unavailableCounter(reason);
        }
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        this.database = new CircuitBreaker("database", Duration.ofSeconds(1),
                "ingestion answers 503 at once while one request at a time probes it", registry);
        for (int i = 0; i < properties.writers(); i++) {
            Thread thread = Thread.ofPlatform().name("group-commit-" + i).daemon().start(this::writeGroups);
            writers.add(thread);
        }
    }

    @Override
    public List<Outcome> store(List<TrackingEvent> events) {
        if (!database.tryAcquire()) {
            throw unavailable(Reason.DATABASE_UNREACHABLE, "the database is unreachable; nothing was stored", 2, null);
        }
        Request request = new Request(events);
        if (!queue.offer(request)) {
            throw unavailable(Reason.QUEUE_FULL, "too many events waiting to be written; nothing was stored", 1, null);
        }
        try {
            List<Outcome> outcomes = await(request.result, properties.requestTimeout());
            if (outcomes != null) {
                return outcomes;
            }
            if (request.withdraw()) {
                throw unavailable(Reason.WITHDRAWN, "no writer took the events within " + properties.requestTimeout()
                        + "; they were withdrawn and nothing was stored", 1, null);
            }
            // taken: the group's outcome comes, bounded by the writer's timeouts; this limit is only a safety net
            outcomes = await(request.result, IN_FLIGHT_LIMIT);
            if (outcomes != null) {
                return outcomes;
            }
            log.error("A group in flight gave no outcome within {}; answering 503 although its events may be stored",
                    IN_FLIGHT_LIMIT);
            throw unavailable(Reason.UNKNOWN, "the database did not answer; the events may be stored", 2, null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JdbcTrackingEventWriter.CommitOutcomeUnknownException unknown) {
                throw unavailable(Reason.UNKNOWN, "the database did not confirm the commit; the events may be stored "
                        + "(a retry with the same messageIds is answered DUPLICATE if they are)", 2, unknown);
            }
            throw unavailable(Reason.FAILED, "the database cannot store events now; nothing was stored", 2,
                    e.getCause());
        }
    }

    /**
     * The future's value, or null when {@code limit} passed first. An interrupt does not cut the wait short (the
     * answer must still tell what was stored); the thread's interrupt flag is restored afterwards.
     */
    private static <T> T await(CompletableFuture<T> future, Duration limit) throws ExecutionException {
        long deadline = System.nanoTime() + limit.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    return null;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private StoreUnavailableException unavailable(Reason reason, String message, int retryAfterSeconds,
                                                  Throwable cause) {
        unavailableCounter(reason).increment();
        return new StoreUnavailableException(message, retryAfterSeconds, cause);
    }

    private Counter unavailableCounter(Reason reason) {
        return Counter.builder("tracking.ingest.store.unavailable")
                .description("Ingestion requests answered 503 by the group commit, by reason")
                .tag("reason", reason.tag()).register(registry);
    }

    private void writeGroups() {
        Request carried = null;
        while (running) {
            List<Request> group = new ArrayList<>();
            try {
                Request first = carried != null ? carried : nextTaken(100_000_000L);
                carried = null;
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.events.size();
                long deadline = System.nanoTime() + properties.maxWait().toNanos();
                while (events < properties.maxEvents()) {
                    Request next = nextTaken(Math.max(0, deadline - System.nanoTime()));
                    if (next == null) {
                        break;
                    }
                    if (events + next.events.size() > properties.maxEvents()) {
                        carried = next;
                        break;
                    }
                    group.add(next);
                    events += next.events.size();
                }
                commit(group, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.forEach(request -> request.result.completeExceptionally(e));
                return;
            } catch (Throwable e) {   // JVM errors too: the writer must outlive any one group
                log.error("A group-commit writer failed; its {} requests are answered 503", group.size(), e);
                group.forEach(request -> request.result.completeExceptionally(e));
            }
        }
        if (carried != null) {   // taken for the next group, which this writer will not write
            carried.result.completeExceptionally(new IllegalStateException("the service is stopping"));
        }
    }

    /** The next request a writer takes, skipping those withdrawn meanwhile; null when none came in time. */
    private Request nextTaken(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            Request next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (next == null || next.take()) {
                return next;
            }
        }
    }

    private void commit(List<Request> group, int eventCount) {
        List<TrackingEvent> events = new ArrayList<>(eventCount);
        group.forEach(request -> events.addAll(request.events));
        List<? extends Outcome> outcomes;
        try {
            outcomes = observe(events, () -> writer.write(events));
        } catch (RuntimeException e) {
            if (DatabaseFailures.isUnreachable(e)) {
                database.recordFailure(e);
                fail(group, e);
                return;
            }
            database.recordSuccess();   // the database answered; the failure was this group's own
            boolean rolledBack = !(e instanceof JdbcTrackingEventWriter.CommitOutcomeUnknownException);
            boolean worthRewriting = rolledBack && (DatabaseFailures.isRefusal(e) || DatabaseFailures.isTransactionConflict(e));
            if (!worthRewriting) {
                fail(group, e);
                return;
            }
            log.warn("PostgreSQL refused a group of {} events ({}); writing them again one by one", eventCount, e.toString());
            groupsRewritten.increment();
            try {
                outcomes = observe(events, () -> writer.writeOneByOne(events));
            } catch (RuntimeException again) {
                if (DatabaseFailures.isUnreachable(again)) {
                    database.recordFailure(again);
                }
                fail(group, again);
                return;
            }
        }
        database.recordSuccess();
        groupSizes.record(eventCount);
        int offset = 0;
        for (Request request : group) {
            int size = request.events.size();
            request.result.complete(List.copyOf(outcomes.subList(offset, offset + size)));
            offset += size;
        }
    }

    /**
     * The write, observed as a timer and a span. Only the write's own failure propagates: a failing observation
     * handler must not turn a committed group into a 503.
     */
    private <T> T observe(List<TrackingEvent> events, Supplier<T> write) {
        Observation observation = Observation.createNotStarted("tracking.ingest.group.commit", observations)
                .contextualName("ingest group commit")
                .highCardinalityKeyValue("events", String.valueOf(events.size()))
                .highCardinalityKeyValue("correlation.ids", correlationIds(events));
        quietly(observation::start);
        try {
            return write.get();
        } catch (RuntimeException e) {
            quietly(() -> observation.error(e));
            throw e;
        } finally {
            quietly(observation::stop);
        }
    }

    private static void quietly(Runnable observing) {
        try {
            observing.run();
        } catch (RuntimeException e) {
            log.warn("Could not observe a group commit: {}", e.toString());
        }
    }

    private static void fail(List<Request> group, Throwable failure) {
        log.warn("Could not commit a group of {} requests: {}", group.size(), failure.toString());
        group.forEach(request -> request.result.completeExceptionally(failure));
    }

    /** The distinct correlation ids of a group's requests, at most 20 of them, comma-separated. */
    private static String correlationIds(List<TrackingEvent> events) {
        Set<String> ids = new LinkedHashSet<>();
        for (TrackingEvent event : events) {
            if (event.correlationId() != null && ids.add(event.correlationId()) && ids.size() == 20) {
                break;
            }
        }
        return String.join(",", ids);
    }

    @Override
    public void destroy() throws InterruptedException {
        running = false;
        for (Thread thread : writers) {
            thread.join(5_000);
        }
    }

    /** One request's events and its answer. Queued, then either taken by a writer or withdrawn: never both. */
    private static final class Request {

        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITHDRAWN = 2;

        final List<TrackingEvent> events;
        final CompletableFuture<List<Outcome>> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);

        Request(List<TrackingEvent> events) {
            this.events = events;
        }

        boolean take() {
            return state.compareAndSet(QUEUED, TAKEN);
        }

        boolean withdraw() {
            return state.compareAndSet(QUEUED, WITHDRAWN);
        }
    }
}
