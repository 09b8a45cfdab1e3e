package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.port.TrackingEventStore;
import com.volcanion.tracking.domain.event.TrackingEvent;
import com.volcanion.tracking.infrastructure.resilience.CircuitBreaker;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.stereotype.Component;

import java.net.ConnectException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Group commit: concurrent requests are gathered for up to {@code maxWait} into one transaction (the way
 * RudderStack's gateway batches user requests), and each request is answered after that commit. A few writer
 * threads keep several transactions in flight. Failure of a group fails each of its requests with
 * {@link StoreUnavailableException}; so does a full queue or a commit slower than {@code requestTimeout}.
 * Once a group failed because the database is unreachable, requests are refused at once for a second (one probe
 * request at a time goes through), instead of each waiting for the connection timeout.
 * <p>
 * Each group's write is observed as {@code tracking.ingest.group.commit}: a timer for the metrics and a span for
 * the traces. The span is a trace of its own (one transaction serves many requests) and names the correlation
 * ids of the requests it served.
 */
@Component
@EnableConfigurationProperties(GroupCommitProperties.class)
public class GroupCommittingTrackingEventStore implements TrackingEventStore, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommittingTrackingEventStore.class);

    private final JdbcTrackingEventWriter writer;
    private final GroupCommitProperties properties;
    private final BlockingQueue<Request> queue;
    private final List<Thread> writers = new ArrayList<>();
    private final DistributionSummary groupSizes;
    private final ObservationRegistry observations;
    private final CircuitBreaker database = new CircuitBreaker(Duration.ofSeconds(1));
    private volatile boolean running = true;

    GroupCommittingTrackingEventStore(JdbcTrackingEventWriter writer, GroupCommitProperties properties,
                                      MeterRegistry registry, ObjectProvider<ObservationRegistry> observations) {
        this.writer = writer;
        this.properties = properties;
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.groupSizes = DistributionSummary.builder("tracking.ingest.group.commit.events")
                .description("Events per group-commit transaction").baseUnit("events")
                .publishPercentileHistogram().register(registry);
        this.observations = observations.getIfAvailable(() -> ObservationRegistry.NOOP);
        for (int i = 0; i < properties.writers(); i++) {
            Thread thread = Thread.ofPlatform().name("group-commit-" + i).daemon().start(this::writeGroups);
            writers.add(thread);
        }
    }

    @Override
    public List<Stored> store(List<TrackingEvent> events) {
        if (!database.tryAcquire()) {
            throw new StoreUnavailableException("the database is unreachable", 2, null);
        }
        Request request = new Request(events, new CompletableFuture<>());
        if (!queue.offer(request)) {
            throw new StoreUnavailableException("too many events waiting to be written", 1, null);
        }
        try {
            return request.result().get(properties.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StoreUnavailableException("the database did not commit in time", 1, e);
        } catch (ExecutionException e) {
            throw new StoreUnavailableException("the database cannot store events now", 2, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while waiting for the commit", 1, e);
        }
    }

    private void writeGroups() {
        Request carried = null;
        while (running) {
            try {
                Request first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                List<Request> group = new ArrayList<>();
                group.add(first);
                int events = first.events().size();
                long deadline = System.nanoTime() + properties.maxWait().toNanos();
                while (events < properties.maxEvents()) {
                    Request next = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (next == null) {
                        break;
                    }
                    if (events + next.events().size() > properties.maxEvents()) {
                        carried = next;
                        break;
                    }
                    group.add(next);
                    events += next.events().size();
                }
                commit(group, events);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void commit(List<Request> group, int eventCount) {
        List<TrackingEvent> events = new ArrayList<>(eventCount);
        group.forEach(request -> events.addAll(request.events()));
        try {
            List<Stored> stored = Observation.createNotStarted("tracking.ingest.group.commit", observations)
                    .contextualName("ingest group commit")
                    .highCardinalityKeyValue("events", String.valueOf(eventCount))
                    .highCardinalityKeyValue("correlation.ids", correlationIds(events))
                    .observe(() -> writer.write(events));
            database.recordSuccess();
            groupSizes.record(eventCount);
            int offset = 0;
            for (Request request : group) {
                int size = request.events().size();
                request.result().complete(List.copyOf(stored.subList(offset, offset + size)));
                offset += size;
            }
        } catch (Exception e) {
            log.warn("Could not commit a group of {} events: {}", eventCount, e.toString());
            if (isUnreachable(e)) {
                database.recordFailure();
            } else {
                database.recordSuccess();   // the database answered; the failure was this group's own
            }
            group.forEach(request -> request.result().completeExceptionally(e));
        }
    }

    /** Whether a failure says the database cannot be reached (as opposed to refusing this group's data). */
    private static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
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

    private record Request(List<TrackingEvent> events, CompletableFuture<List<Stored>> result) {
    }
}
