package com.volcanion.tracking.infrastructure.schema;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import com.github.benmanes.caffeine.cache.stats.StatsCounter;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.volcanion.tracking.application.ingest.EventValidator;
import com.volcanion.tracking.domain.event.ValidationError;
import com.volcanion.tracking.infrastructure.cache.CacheMetrics;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Validates event properties with each partner's compiled schemas, kept in memory per partner (a Caffeine cache: one
 * load per partner however many requests ask at once). A change to a partner's structures evicts its entry on every
 * node ({@link EventStructureChangeSignal}); an eviction that meets a load in flight waits for it and discards what
 * it loaded, so a load that began before the change cannot put the old schemas back. Entries also expire after
 * {@link #MAX_AGE}, the bound on staleness should a signal be lost.
 * <p>
 * Properties are read with exact numbers, as they are stored ({@code maximum: 10} refuses
 * {@code 10.000000000000000001}). An event the validator cannot check (a partner's {@code pattern} that overflows the
 * regular-expression engine's stack on a long string, say) is stored invalid with the reason, never lost and never
 * a 500.
 */
@Component
public class NetworkntEventValidator implements EventValidator {

    static final Duration MAX_AGE = Duration.ofSeconds(60);
    static final int MAX_ERRORS = 20;
    /** Partners whose schemas one node keeps compiled at most (the least used go first). */
    static final int MAX_PARTNERS = 10_000;

    private final JsonMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final LoadingCache<UUID, Map<String, CompiledStructure>> byPartner;

    @Autowired
    public NetworkntEventValidator(JdbcTemplate jdbc, CacheMetrics metrics) {
        this(partnerId -> jdbc.query(
                "select event_name, schema, version from write.partner_event_structures where partner_id = ?",
                (rs, row) -> new StoredStructure(rs.getString("event_name"), rs.getString("schema"), rs.getInt("version")),
                partnerId), metrics);
    }

    /** With the partner's stored structures read by {@code structuresOf} (tests slow it down to race an eviction). */
    NetworkntEventValidator(Function<UUID, List<StoredStructure>> structuresOf, CacheMetrics metrics) {
        this.byPartner = Caffeine.newBuilder()
                .expireAfterWrite(MAX_AGE)
                .maximumSize(MAX_PARTNERS)
                .recordStats(() -> new HitsAndMisses(metrics))
                .build(partnerId -> compile(structuresOf.apply(partnerId)));
    }

    /** A partner's event structure as stored: its JSON Schema's text and version. */
    record StoredStructure(String eventName, String schema, int version) {
    }

    @Override
    public Verdict validate(UUID partnerId, String eventName, String propertiesJson) {
        CompiledStructure structure = byPartner.get(partnerId).get(eventName);
        if (structure == null) {
            return Verdict.NO_STRUCTURE;
        }
        return check(structure, propertiesJson);
    }

    /**
     * A check against this stored structure, compiled once, outside the cache: a revalidation checks stored events
     * against the structure as it is in the database now, whatever this node has cached.
     */
    public Function<String, Verdict> checkerFor(String schema, int version) {
        CompiledStructure structure = new CompiledStructure(registry.getSchema(json.readTree(schema)), version);
        return propertiesJson -> check(structure, propertiesJson);
    }

    private Verdict check(CompiledStructure structure, String propertiesJson) {
        List<ValidationError> errors;
        try {
            errors = structure.schema().validate(json.readTree(propertiesJson)).stream()
                    .limit(MAX_ERRORS)
                    .map(NetworkntEventValidator::toValidationError)
                    .toList();
        } catch (RuntimeException | StackOverflowError e) {
            errors = List.of(new ValidationError("$", "could not be checked against the event structure: "
                    + e.getClass().getSimpleName()));
        }
        return new Verdict(errors, structure.version());
    }

    /** Forgets a partner's compiled schemas on this node, including what a load in flight is about to keep. */
    public void evict(UUID partnerId) {
        byPartner.invalidate(partnerId);
    }

    /** Forgets every partner's compiled schemas on this node. */
    public void evictAll() {
        byPartner.invalidateAll();
    }

    private Map<String, CompiledStructure> compile(List<StoredStructure> structures) {
        Map<String, CompiledStructure> compiled = new HashMap<>();
        for (StoredStructure structure : structures) {
            Schema schema = registry.getSchema(json.readTree(structure.schema()));
            compiled.put(structure.eventName(), new CompiledStructure(schema, structure.version()));
        }
        return Map.copyOf(compiled);
    }

    private static ValidationError toValidationError(Error error) {
        return new ValidationError(error.getInstanceLocation().toString(), error.getMessage());
    }

    private record CompiledStructure(Schema schema, int version) {
    }

    /** {@code tracking_cache_requests_total{cache="schema"}}: Caffeine's hits and misses, nothing else. */
    private record HitsAndMisses(CacheMetrics metrics) implements StatsCounter {

        @Override
        public void recordHits(int count) {
            for (int i = 0; i < count; i++) {
                metrics.schemaHit();
            }
        }

        @Override
        public void recordMisses(int count) {
            for (int i = 0; i < count; i++) {
                metrics.schemaMiss();
            }
        }

        @Override
        public void recordLoadSuccess(long loadTime) {
        }

        @Override
        public void recordLoadFailure(long loadTime) {
        }

        @Override
        public void recordEviction(int weight, RemovalCause cause) {
        }

        @Override
        public CacheStats snapshot() {
            return CacheStats.empty();
        }
    }
}
