package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.domain.partner.SystemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tracking_events_ingested_total{result, system_type, api}} (result: accepted, invalid, duplicate, rejected;
 * "invalid" events are also counted as accepted; api: native or segment, the API the events came through),
 * {@code tracking_ingest_batch_size_events} and {@code tracking_auth_failures_total}. Tags have a handful of values
 * each: never an event name, id or key.
 */
@Component
class IngestionMetrics {

    /** The API events came through. */
    enum Api {
        /** {@code /api/events/*} */
        NATIVE,
        /** Segment's tracking API, {@code /v1/*} */
        SEGMENT
    }

    private final Map<Api, Map<SystemType, Counter[]>> counters = new EnumMap<>(Api.class);
    private final DistributionSummary batchSizes;
    private final Counter authFailures;

    IngestionMetrics(MeterRegistry registry) {
        for (Api api : Api.values()) {
            Map<SystemType, Counter[]> byType = new EnumMap<>(SystemType.class);
            for (SystemType type : SystemType.values()) {
                byType.put(type, new Counter[]{counter(registry, "accepted", type, api),
                        counter(registry, "invalid", type, api), counter(registry, "duplicate", type, api),
                        counter(registry, "rejected", type, api)});
            }
            counters.put(api, byType);
        }
        batchSizes = DistributionSummary.builder("tracking.ingest.batch.size").baseUnit("events")
                .description("Events per ingestion request").publishPercentileHistogram().register(registry);
        authFailures = Counter.builder("tracking.auth.failures").description("Refused API keys")
                .register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result, SystemType type, Api api) {
        return Counter.builder("tracking.events.ingested").description("Ingested events by result")
                .tag("result", result).tag("system_type", type.name()).tag("api", api.name().toLowerCase(Locale.ROOT))
                .register(registry);
    }

    void record(Api api, SystemType type, IngestionResult result) {
        Counter[] byResult = counters.get(api).get(type);
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
