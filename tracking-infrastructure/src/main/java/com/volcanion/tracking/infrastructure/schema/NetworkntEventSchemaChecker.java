package com.volcanion.tracking.infrastructure.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.volcanion.tracking.application.structure.EventSchemaChecker;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;

/**
 * Checks partner schemas against the draft 2020-12 meta-schema, then compiles them and resolves every reference a
 * validation can follow, so that a schema accepted here can be used to validate events. The registry resolves only
 * the schema's own parts and the bundled meta-schemas: a {@code $ref} to a remote address is never fetched, and a
 * schema that needs one is refused when it is defined, not discovered when an event first reaches it.
 */
@Component
public class NetworkntEventSchemaChecker implements EventSchemaChecker {

    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

    private final JsonMapper jsonMapper;
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final Schema metaSchema = registry.getSchema(SchemaLocation.of(META_SCHEMA));

    public NetworkntEventSchemaChecker(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public String canonicalize(String schemaJson) {
        JsonNode schema = parse(schemaJson);
        if (!schema.isObject()) {
            throw new InvalidEventSchemaException(List.of("schema must be a JSON object"));
        }
        List<Error> errors = metaSchema.validate(schema);
        if (!errors.isEmpty()) {
            throw new InvalidEventSchemaException(errors.stream().map(Error::toString).toList());
        }
        try {
            Schema compiled = registry.getSchema(schema);
            compiled.initializeValidators();   // resolves every $ref now, not when an event first reaches it
            compiled.validate(jsonMapper.createObjectNode());
        } catch (RuntimeException e) {
            throw new InvalidEventSchemaException(List.of("schema cannot be used: " + e.getMessage()));
        } catch (StackOverflowError e) {   // {"$ref":"#"}: a reference that leads only to itself
            throw new InvalidEventSchemaException(List.of("schema cannot be used: its references never end"));
        }
        String canonical = jsonMapper.writeValueAsString(schema);
        if (canonical.contains("\\u0000")) {
            throw new InvalidEventSchemaException(List.of("schema must not contain the NUL character (\\u0000)"));
        }
        return canonical;
    }

    private JsonNode parse(String schemaJson) {
        try {
            return jsonMapper.readTree(schemaJson);
        } catch (JacksonException e) {
            throw new InvalidEventSchemaException(List.of("schema is not JSON: " + e.getOriginalMessage()));
        }
    }
}
