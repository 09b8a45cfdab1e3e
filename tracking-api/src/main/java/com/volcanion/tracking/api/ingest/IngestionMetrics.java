package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.domain.partner.SystemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@code tracking_events_ingested_total{result, system_type}} (result: accepted, invalid, duplicate, rejected;
 * "invalid" events are also counted as accepted), {@code tracking_ingest_batch_size_events} and
 * {@code tracking_auth_failures_total}. Tags have a handful of values each: never an event name, id or key.
 */
@Component
class IngestionMetrics {

    private final Map<SystemType, Counter[]> counters = new EnumMap<>(SystemType.class);
    private final DistributionSummary batchSizes;
    private final Counter authFailures;

    IngestionMetrics(MeterRegistry registry) {
        for (SystemType type : SystemType.values()) {
            counters.put(type, new Counter[]{counter(registry, "accepted", type), counter(registry, "invalid", type),
                    counter(registry, "duplicate", type), counter(registry, "rejected", type)});
        }
        batchSizes = DistributionSummary.builder("tracking.ingest.batch.size").baseUnit("events")
                .description("Events per ingestion request").publishPercentileHistogram().register(registry);
        authFailures = Counter.builder("tracking.auth.failures").description("Refused API keys")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result, SystemType type) {
        return Counter.builder("tracking.events.ingested").description("Ingested events by result")
                .tag("result", result).tag("system_type", type.name()).register(registry);
    }

    void record(SystemType type, IngestionResult result) {
        Counter[] byResult = counters.get(type);
        byResult[0].increment(result.accepted());
        byResult[1].increment(result.invalid());
        byResult[2].increment(result.duplicates());
        byResult[3].increment(result.rejected());
        batchSizes.record(result.results().size());
    }

    void authFailure() {
        authFailures.increment();
    }
}
