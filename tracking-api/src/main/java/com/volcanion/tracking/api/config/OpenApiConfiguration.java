package com.volcanion.tracking.api.config;

import com.volcanion.tracking.api.web.ApiKeyAuthenticated;
import com.volcanion.tracking.api.web.OperatorOnlyMarks;
import com.volcanion.tracking.application.Actor;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;
import tools.jackson.databind.JsonNode;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenAPI description at /v3/api-docs: title, version, the two credentials of docs/api.md, and the problems
 * every operation can answer. Each operation declares its own success status (201, 202, 204 where it is not 200);
 * the problem answers follow from what the operation is ({@link #problemAnswers}), so a new controller gets them
 * without listing them. A test checks every exchange of the API tests against this description.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        // a JsonNode in a request or an answer is any JSON object (an event structure's schema), not a bean
        SpringDocUtils.getConfig().replaceWithSchema(JsonNode.class, new ObjectSchema());
        // who asks is the credential's business (AdminAuthorization), not a parameter of the operation
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Actor.class);
    }

    private static final String PROBLEM = "Problem";
    private static final String OPERATOR = "admin";
    private static final String PARTNER_TOKEN = "partnerToken";
    private static final String API_KEY = "apiKey";
    private static final String PROBLEM_JSON = "application/problem+json";

    @Bean
    OpenAPI trackingOpenApi() {
        Schema<?> fieldError = new ObjectSchema()
                .addProperty("field", new StringSchema().example("email"))
                .addProperty("message", new StringSchema().example("must not be blank"))
                .required(List.of("field", "message"));
        Schema<?> problem = new ObjectSchema()
                .description("RFC 9457 problem details")
                .addProperty("type", new StringSchema().example("urn:volcanion-tracking:problem:invalid-request"))
                .addProperty("title", new StringSchema().example("Bad Request"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("The request is invalid"))
                .addProperty("instance", new StringSchema().description("the request's path").example("/api/partners"))
                .addProperty("correlationId", new StringSchema().example("3f1c6f1e-2b1a-4c55-9d0e-7f1a2b3c4d5e"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
                        .description("for a bad request: what is wrong with which field"))
                .required(List.of("type", "title", "status", "detail", "instance", "correlationId"));
        return new OpenAPI()
                .info(new Info().title("Volcanion Tracking").version("1")
                        .description("Self-hosted event tracking. Errors are application/problem+json (RFC 9457). "
                                + "The contract in prose: docs/api.md."))
                .components(new Components()
                        .addSchemas("FieldError", fieldError)
                        .addSchemas(PROBLEM, problem)
                        .addSecuritySchemes(OPERATOR, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("The operator's admin token (TRACKING_ADMIN_TOKEN): "
                                        + "every operation on every partner"))
                        .addSecuritySchemes(PARTNER_TOKEN, new SecurityScheme().type(SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("A partner token (vtp_...): the operations that list "
                                        + "it, on its own partner and that partner's systems only; another partner's "
                                        + "resource answers 404"))
                        .addSecuritySchemes(API_KEY, new SecurityScheme().type(SecurityScheme.Type.APIKEY)
                                .in(SecurityScheme.In.HEADER).name("X-Api-Key")
                                .description("A system's API key; Authorization: Basic base64(<key>:) works too")));
    }

    /**
     * Every answer and request is JSON written with its nulls: a property the schema does not list as required may
     * be null. (Required properties are always there and never null.)
     */
    @Bean
    @SuppressWarnings({"rawtypes", "unchecked"})
    OpenApiCustomizer nullableOptionalProperties() {
        return openApi -> openApi.getComponents().getSchemas().values().forEach(schema -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties == null) {
                return;
            }
            List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
            properties.replaceAll((name, property) -> required.contains(name) ? property : nullable(property));
        });
    }

    /** An optional request body may be left out or sent as a JSON null: Spring reads both as no body. */
    @Bean
    OperationCustomizer nullableOptionalBodies() {
        return (operation, handler) -> {
            if (operation.getRequestBody() != null && !Boolean.TRUE.equals(operation.getRequestBody().getRequired())) {
                operation.getRequestBody().getContent().values().forEach(media -> media.setSchema(nullable(media.getSchema())));
            }
            return operation;
        };
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Schema nullable(Schema property) {
        if (property.get$ref() != null) {
            return new Schema<>().anyOf(List.of(property, new Schema<>().types(Set.of("null"))));
        }
        Set<String> types = new LinkedHashSet<>(property.getTypes() != null ? property.getTypes()
                : property.getType() != null ? Set.of(property.getType()) : Set.of());
        if (!types.isEmpty()) {
            types.add("null");
            property.setTypes(types);
        }
        return property;
    }

    /**
     * Gives each operation the credentials that may call it, as {@code AdminAuthorization} decides (ingestion: a
     * system's API key; operator-only operations: the admin token; everything else: the admin token or a partner
     * token), and the problems it can answer, from what it is.
     */
    @Bean
    OperationCustomizer credentialsAndProblemAnswers() {
        return (operation, handler) -> {
            ApiResponses responses = operation.getResponses();
            boolean ingestion = AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), ApiKeyAuthenticated.class);
            boolean operatorOnly = OperatorOnlyMarks.onHandler(handler);
            boolean changes = !AnnotatedElementUtils.hasAnnotation(handler.getMethod(), GetMapping.class);
            operation.setSecurity(ingestion ? List.of(new SecurityRequirement().addList(API_KEY))
                    : operatorOnly ? List.of(new SecurityRequirement().addList(OPERATOR))
                    : List.of(new SecurityRequirement().addList(OPERATOR), new SecurityRequirement().addList(PARTNER_TOKEN)));
            add(responses, "400", "The request is invalid: a parameter, the body, or an event", null);
            add(responses, "401", "The credential is missing, unknown or revoked (one identical answer)", null);
            if (operatorOnly) {
                add(responses, "403", "Only the operator may do this: a partner token is refused", null);
            } else if (!ingestion && setsOperatorOnlyFields(handler)) {
                add(responses, "403", "A partner token set a field only the operator may set", null);
            }
            if (ingestion) {
                add(responses, "403", "The browser's Origin is not among the system's allowedOrigins", null);
                add(responses, "413", "Beyond a limit: 64 KiB per event, 2 MiB and 1000 events per batch", null);
                add(responses, "429", "Beyond the system's rate limit; nothing was stored", Map.of(
                        "Retry-After", "seconds until the request can pass",
                        "RateLimit-Limit", "the bucket's size in events",
                        "RateLimit-Remaining", "events the bucket holds",
                        "RateLimit-Reset", "seconds until the bucket is full"));
            }
            boolean namesAResource = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(PathVariable.class));
            if (namesAResource) {
                add(responses, "404", ingestion || operatorOnly ? "Not found"
                        : "Not found; for a partner token also another partner's, or an id that is not a UUID: "
                        + "the same answer", null);
            }
            if (changes && !ingestion) {
                add(responses, "409", "In conflict with the stored state (an email taken, a concurrent change)", null);
            }
            add(responses, "415", "The Content-Type names no single media type this operation takes", null);
            String unavailable = ingestion
                    ? "Cannot store right now: nothing was stored (unless the detail says the events may be stored)"
                    : "The database cannot answer right now (unreachable, or a timeout)";
            add(responses, "503", unavailable + "; retry after Retry-After",
                    Map.of("Retry-After", "seconds to wait before retrying"));
            return operation;
        };
    }

    private static boolean setsOperatorOnlyFields(HandlerMethod handler) {
        return Arrays.stream(handler.getMethodParameters())
                .filter(parameter -> parameter.hasParameterAnnotation(RequestBody.class))
                .anyMatch(parameter -> !OperatorOnlyMarks.fieldsOf(parameter.getParameterType()).isEmpty());
    }

    private static void add(ApiResponses responses, String status, String description, Map<String, String> headers) {
        if (responses.containsKey(status)) {
            return;
        }
        Schema<?> problem = new Schema<>().$ref("#/components/schemas/" + PROBLEM);
        ApiResponse response = new ApiResponse().description(description)
                .content(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(problem)));
        if (headers != null) {
            for (String name : Set.copyOf(headers.keySet())) {
                response.addHeaderObject(name, new Header().description(headers.get(name))
                        .schema(new IntegerSchema()));
            }
        }
        responses.addApiResponse(status, response);
    }
}
