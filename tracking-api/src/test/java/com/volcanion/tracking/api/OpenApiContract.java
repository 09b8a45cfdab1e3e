package com.volcanion.tracking.api;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks one HTTP exchange against the service's own OpenAPI description ({@code /v3/api-docs}): the answer's status
 * is declared for the operation, so is its content type, and its body matches the declared schema with no field the
 * schema does not name; a request the service took (2xx) matches the declared request body. Exchanges with paths or
 * methods the description has no operation for (actuator, the UI, unknown paths answered 404 or 405) are not its
 * business.
 */
public final class OpenApiContract {

    private static final List<String> VIOLATIONS = Collections.synchronizedList(new ArrayList<>());
    /** "METHOD /template" of every operation some test got a 2xx from, its exchange checked; for the coverage test. */
    private static final Set<String> SUCCEEDED = ConcurrentHashMap.newKeySet();

    /**
     * One exchange as the service saw it. A request body is checked only when the service took all of it: a 2xx
     * answer, and for a batch no REJECTED item (those are refused one by one, inside a 200).
     */
    public record Exchange(String method, String path, String requestContentType, String requestBody, int status,
                           String responseContentType, String responseBody) {
    }

    private final JsonMapper json = JsonMapper.builder().build();
    private final SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private final JsonNode description;
    private final ObjectNode strictComponents;
    private final List<PathTemplate> paths = new ArrayList<>();
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    public OpenApiContract(String descriptionJson) {
        this.description = json.readTree(descriptionJson);
        this.strictComponents = (ObjectNode) description.get("components").deepCopy();
        closeObjects(strictComponents.get("schemas"));
        for (Map.Entry<String, JsonNode> path : description.get("paths").properties()) {
            paths.add(new PathTemplate(path.getKey(), Pattern.compile(
                    path.getKey().replaceAll("\\{[^/}]+}", "[^/]+"))));
        }
    }

    /** Violations recorded by the filter since the last call, for the test that caused them. */
    public static List<String> takeViolations() {
        synchronized (VIOLATIONS) {
            List<String> taken = List.copyOf(VIOLATIONS);
            VIOLATIONS.clear();
            return taken;
        }
    }

    static void record(List<String> violations) {
        VIOLATIONS.addAll(violations);
    }

    /** The operations of this JVM's tests so far that some exchange answered with a 2xx (checked against the description). */
    public static Set<String> succeededOperations() {
        return Set.copyOf(SUCCEEDED);
    }

    /** Every operation the description declares, as "METHOD /template". */
    public List<String> operations() {
        List<String> operations = new ArrayList<>();
        description.get("paths").properties().forEach(path -> path.getValue().propertyNames()
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        return operations;
    }

    /** What in the exchange the description does not declare; empty when it tells the truth about it. */
    public List<String> check(Exchange exchange) {
        String method = exchange.method().toLowerCase(Locale.ROOT);
        PathTemplate template = paths.stream().filter(p -> p.pattern().matcher(exchange.path()).matches())
                .findFirst().orElse(null);
        if (template == null || !description.get("paths").get(template.template()).has(method)) {
            return List.of();
        }
        JsonNode operation = description.get("paths").get(template.template()).get(method);
        if (exchange.status() / 100 == 2) {
            SUCCEEDED.add(exchange.method().toUpperCase(Locale.ROOT) + " " + template.template());
        }
        String where = exchange.method() + " " + template.template() + " answered " + exchange.status();
        List<String> violations = new ArrayList<>();
        JsonNode response = operation.get("responses").get(String.valueOf(exchange.status()));
        if (response == null) {
            response = operation.get("responses").get("default");
        }
        if (response == null) {
            return List.of(where + ": status not declared (declared: "
                    + String.join(", ", operation.get("responses").propertyNames()) + ")");
        }
        JsonNode content = response.get("content");
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            String type = mediaType(exchange.responseContentType());
            JsonNode declared = content == null ? null : content.get(type);
            if (declared == null) {
                violations.add(where + ": content type " + type + " not declared (declared: "
                        + (content == null ? "none" : String.join(", ", content.propertyNames())) + ")");
            } else if (declared.has("schema") && type.endsWith("json")) {
                validate(declared.get("schema"), exchange.responseBody(), true, where + ", body", violations);
            }
        }
        JsonNode requestBody = operation.path("requestBody").path("content")
                .path(mediaType(exchange.requestContentType())).path("schema");
        if (exchange.status() / 100 == 2 && !requestBody.isMissingNode() && exchange.requestBody() != null
                && !exchange.requestBody().isEmpty() && !partlyRefused(exchange.responseBody())) {
            validate(requestBody, exchange.requestBody(), false, exchange.method() + " " + template.template()
                    + " took a request body its description refuses", violations);
        }
        return violations;
    }

    /**
     * Every request body's example (its schema's own, else one put together from its properties' examples) is a
     * request its schema takes, and names every required property: the UI's "try it out" sends a valid request.
     */
    public List<String> invalidRequestExamples() {
        List<String> violations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : description.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                JsonNode schema = operation.getValue().path("requestBody").path("content").path("application/json")
                        .path("schema");
                if (schema.isMissingNode()) {
                    continue;
                }
                JsonNode resolved = resolve(schema);
                ObjectNode example = json.createObjectNode();
                if (resolved.get("example") instanceof ObjectNode whole) {
                    example = whole;
                } else {
                    ObjectNode composed = example;
                    resolved.path("properties").properties().forEach(property -> {
                        JsonNode value = resolve(property.getValue()).get("example");
                        if (value != null) {
                            composed.set(property.getKey(), value);
                        }
                    });
                }
                String where = operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey() + " example";
                ObjectNode complete = example;
                resolved.path("required").forEach(required -> {
                    if (!complete.has(required.asString())) {
                        violations.add(where + ": no example for the required " + required.asString());
                    }
                });
                validate(schema, example.toString(), false, where, violations);
            }
        }
        return violations;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        if (ref == null) {
            return schema;
        }
        return description.at(ref.asString().substring(1));
    }

    /** A batch the service took, some of whose items it REJECTED: the request as a whole was not what it takes. */
    private boolean partlyRefused(String responseBody) {
        try {
            return json.readTree(responseBody).path("rejected").asLong(0) > 0;
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private void validate(JsonNode schema, String body, boolean strict, String where, List<String> violations) {
        JsonNode document;
        try {
            document = json.readTree(body.startsWith("\uFEFF") ? body.substring(1) : body);
        } catch (RuntimeException e) {
            violations.add(where + ": not JSON");
            return;
        }
        Schema compiledSchema = compiled.computeIfAbsent(strict + schema.toString(), key -> {
            ObjectNode root = json.createObjectNode();
            root.set("allOf", json.createArrayNode().add(schema));
            root.set("components", strict ? strictComponents : description.get("components"));
            return registry.getSchema(root);
        });
        compiledSchema.validate(document).stream().limit(5)
                .forEach(error -> violations.add(where + ": " + error.getInstanceLocation() + " " + error.getMessage()));
    }

    /**
     * A response may hold no field its schema does not name: every object schema that lists properties and says
     * nothing of others gets {@code additionalProperties: false} (maps, which declare theirs, keep them).
     */
    private static void closeObjects(JsonNode schemas) {
        schemas.values().forEach(OpenApiContract::close);
    }

    private static void close(JsonNode schema) {
        if (!(schema instanceof ObjectNode object)) {
            return;
        }
        if (object.has("properties")) {
            if (!object.has("additionalProperties")) {
                object.put("additionalProperties", false);
            }
            object.get("properties").values().forEach(OpenApiContract::close);
        }
        for (String keyword : new String[]{"items", "additionalProperties"}) {
            close(object.get(keyword));
        }
        for (String keyword : new String[]{"allOf", "anyOf", "oneOf"}) {
            if (object.get(keyword) instanceof ArrayNode alternatives) {
                alternatives.forEach(OpenApiContract::close);
            }
        }
    }

    private static String mediaType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int parameters = contentType.indexOf(';');
        return (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim().toLowerCase(Locale.ROOT);
    }

    private record PathTemplate(String template, Pattern pattern) {
    }
}
