package com.volcanion.tracking.infrastructure.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.volcanion.tracking.application.ingest.EventValidator;
import com.volcanion.tracking.domain.event.ValidationError;
import com.volcanion.tracking.infrastructure.cache.CacheMetrics;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates event properties with each partner's compiled schemas, kept in memory per partner. A change to a
 * partner's structures evicts its entry on every node ({@link EventStructureChangeSignal}); entries also
 * expire after {@link #MAX_AGE}, the bound on staleness should a signal be lost.
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

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final CacheMetrics metrics;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Map<UUID, PartnerSchemas> byPartner = new ConcurrentHashMap<>();

    public NetworkntEventValidator(JdbcTemplate jdbc, CacheMetrics metrics) {
        this.jdbc = jdbc;
        this.json = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .build();
        this.metrics = metrics;
    }

    @Override
    public Verdict validate(UUID partnerId, String eventName, String propertiesJson) {
        CompiledStructure structure = schemasOf(partnerId).byEventName().get(eventName);
        if (structure == null) {
            return Verdict.NO_STRUCTURE;
        }
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

    /** Forgets a partner's compiled schemas on this node. */
    public void evict(UUID partnerId) {
        byPartner.remove(partnerId);
    }

    private PartnerSchemas schemasOf(UUID partnerId) {
        PartnerSchemas cached = byPartner.get(partnerId);
        if (cached != null && System.nanoTime() - cached.loadedAtNanos() < MAX_AGE.toNanos()) {
            metrics.schemaHit();
            return cached;
        }
        metrics.schemaMiss();
        PartnerSchemas loaded = load(partnerId);
        byPartner.put(partnerId, loaded);
        return loaded;
    }

    private PartnerSchemas load(UUID partnerId) {
        Map<String, CompiledStructure> compiled = new HashMap<>();
        jdbc.query("select event_name, schema, version from write.partner_event_structures where partner_id = ?",
                rs -> {
                    Schema schema = registry.getSchema(json.readTree(rs.getString("schema")));
                    compiled.put(rs.getString("event_name"), new CompiledStructure(schema, rs.getInt("version")));
                }, partnerId);
        return new PartnerSchemas(System.nanoTime(), Map.copyOf(compiled));
    }

    private static ValidationError toValidationError(Error error) {
        return new ValidationError(error.getInstanceLocation().toString(), error.getMessage());
    }

    private record CompiledStructure(Schema schema, int version) {
    }

    private record PartnerSchemas(long loadedAtNanos, Map<String, CompiledStructure> byEventName) {
    }
}
