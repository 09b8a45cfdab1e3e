package com.volcanion.tracking.api.access;

import com.volcanion.tracking.api.ApiIT;
import com.volcanion.tracking.api.ApiTestSupport;
import com.volcanion.tracking.api.web.ApiKeyAuthenticated;
import com.volcanion.tracking.domain.credential.PartnerToken;
import com.volcanion.tracking.infrastructure.readmodel.TrackingEventProjector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Every operation of the admin APIs, taken from the served OpenAPI description (and checked against the handlers
 * Spring actually maps, so no endpoint escapes): without a credential and with a wrong one it answers one identical
 * 401; a partner token reaches it on its own partner, gets 404 on another partner's ids (the very answer an unknown
 * id gets) and 403 where only the operator may act; the operator reaches it everywhere. A new endpoint under
 * {@code /api} joins this test by existing; one that takes a body or a path variable this test has no value for
 * fails it until one is added below.
 */
@ApiIT
class PartnerAccessIT extends ApiTestSupport {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    /** A body each changing operation takes, by "METHOD /template". */
    private static final Map<String, String> BODIES = Map.of(
            "POST /api/partners", "{\"name\":\"New partner\",\"email\":\"%s\"}",
            "PATCH /api/partners/{partnerId}", "{\"name\":\"Renamed by its admin\"}",
            "POST /api/partners/{partnerId}/systems", "{\"name\":\"Backend\",\"type\":\"BACKEND_SERVICE\"}",
            "PATCH /api/systems/{systemId}", "{\"name\":\"Renamed system\"}",
            "POST /api/systems/{systemId}/api-key/rotate", "{\"gracePeriodSeconds\":60}",
            "PUT /api/partners/{partnerId}/event-structures/{eventName}", "{\"schema\":{\"type\":\"object\"}}",
            "POST /api/partners/{partnerId}/tokens", "{\"name\":\"Another admin\"}",
            "POST /api/partners/{partnerId}/deletions", "{\"userIds\":[\"someone\"]}",
            "POST /api/partners/{partnerId}/event-structures/{eventName}/revalidations", "{}");

    /** The query string an operation needs to answer 2xx, by "METHOD /template". */
    private static final Map<String, String> QUERIES = Map.of(
            "GET /api/analytics/partners/{partnerId}/funnel", "?step=Signup&step=Signup",
            "GET /api/analytics/partners/{partnerId}/retention", "?startEvent=Signup&returnEvent=Signup");

    @Autowired
    TrackingEventProjector projector;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private Tenant a;
    private Tenant b;

    /**
     * A partner with everything a path can name: a system, an event structure, a user, two tokens, a deletion (which
     * suppressed "gone"), a revalidation.
     */
    private record Tenant(String partnerId, String systemId, String apiKey, String token, String tokenId,
                          String spareTokenId, String deletionId, String revalidationId) {

        Map<String, String> variables() {
            return Map.of("partnerId", partnerId, "systemId", systemId, "eventName", "Signup", "userId", "ada",
                    "tokenId", spareTokenId, "deletionId", deletionId, "revalidationId", revalidationId, "id", "gone");
        }
    }

    private record Operation(String method, String template, boolean partnerTokenAllowed) {

        String key() {
            return method + " " + template;
        }

        List<String> variables() {
            List<String> names = new ArrayList<>();
            Matcher matcher = VARIABLE.matcher(template);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
            return names;
        }
    }

    @BeforeEach
    void twoPartners() {
        a = tenant();
        b = tenant();
    }

    @Test
    void everyAdminOperationAnswersAPartnerTokenOnlyOnItsOwnPartner() {
        List<Operation> operations = adminOperations();
        assertThat(operations).hasSizeGreaterThan(15);
        ObjectNode unauthorized = null;
        String unknownToken = PartnerToken.generate().value();
        String revokedToken = revokedToken();
        for (Operation operation : operations) {
            Map<String, String> own = a.variables();
            // no credential, an unknown token, a revoked one, a system's key, the operator token with a typo: one 401
            for (String credential : new String[]{null, "Bearer " + unknownToken, "Bearer " + revokedToken,
                    "Bearer " + a.apiKey(), "Bearer " + ADMIN_TOKEN + "x", a.token(), "Basic " + a.token()}) {
                MvcTestResult answer = call(operation, own, credential);
                assertThat(answer.getResponse().getStatus()).as(operation.key() + " with " + credential).isEqualTo(401);
                ObjectNode problem = withoutRequestFields(answer);
                unauthorized = unauthorized == null ? problem : unauthorized;
                assertThat(problem).as(operation.key()).isEqualTo(unauthorized);
            }
            if (!operation.partnerTokenAllowed()) {
                for (Map<String, String> variables : List.of(own, b.variables(), randomIds(operation))) {
                    assertThat(call(operation, variables, "Bearer " + a.token()).getResponse().getStatus())
                            .as(operation.key() + " is the operator's").isEqualTo(403);
                }
                continue;
            }
            if (operation.variables().stream().noneMatch(name -> name.equals("partnerId") || name.equals("systemId"))) {
                fail(operation.key() + " names no partner: a partner token could never use it; mark it @OperatorOnly");
            }
            MvcTestResult foreign = call(operation, b.variables(), "Bearer " + a.token());
            MvcTestResult unknown = call(operation, randomIds(operation), "Bearer " + a.token());
            assertThat(foreign.getResponse().getStatus()).as(operation.key() + " on another partner").isEqualTo(404);
            assertThat(unknown.getResponse().getStatus()).as(operation.key() + " on unknown ids").isEqualTo(404);
            assertThat(title(foreign)).isEqualTo(title(unknown));
        }
        // a partner token on its own partner, and the operator on another, are let through (changes last)
        List<Operation> inOrder = operations.stream()
                .sorted(Comparator.comparing((Operation operation) -> operation.method().equals("DELETE")))
                .toList();
        for (Operation operation : inOrder) {
            if (operation.partnerTokenAllowed()) {
                assertThat(call(operation, a.variables(), "Bearer " + a.token()).getResponse().getStatus())
                        .as(operation.key() + " with the partner's own token").isBetween(200, 299);
            }
            assertThat(call(operation, b.variables(), "Bearer " + ADMIN_TOKEN).getResponse().getStatus())
                    .as(operation.key() + " with the operator token").isBetween(200, 299);
        }
    }

    /**
     * Generated ids (seeded): random UUIDs, upper-case ones, another partner's partner, system and token ids, ids of
     * the wrong kind (a system id where a partner id goes and the other way round), and values that are no id. For a
     * partner token each answers exactly what an unknown id answers: nothing tells it that the id exists.
     */
    @Test
    void generatedIdsNeverRevealWhatExists() {
        List<Operation> scoped = adminOperations().stream().filter(Operation::partnerTokenAllowed).toList();
        Random random = new Random(18);
        List<String> candidates = List.of(b.partnerId(), b.systemId(), b.tokenId(), a.tokenId(), b.spareTokenId());
        for (int i = 0; i < 120; i++) {
            Operation operation = scoped.get(random.nextInt(scoped.size()));
            Map<String, String> variables = new HashMap<>(a.variables());
            List<String> named = operation.variables().stream()
                    .filter(name -> name.equals("partnerId") || name.equals("systemId")).toList();
            String slot = named.get(random.nextInt(named.size()));
            String value = switch (random.nextInt(6)) {
                case 0 -> UUID.randomUUID().toString();
                case 1 -> candidates.get(random.nextInt(candidates.size())).toUpperCase(Locale.ROOT);
                case 2 -> candidates.get(random.nextInt(candidates.size()));
                case 3 -> slot.equals("partnerId") ? a.systemId() : a.partnerId();   // own ids of the wrong kind
                case 4 -> List.of("x", "0", "null", UUID.randomUUID() + "0", "%20", "-1").get(random.nextInt(6));
                default -> new UUID(random.nextLong(), random.nextLong()).toString();
            };
            variables.put(slot, value);
            MvcTestResult answer = call(operation, variables, "Bearer " + a.token());
            variables.put(slot, UUID.randomUUID().toString());
            MvcTestResult reference = call(operation, variables, "Bearer " + a.token());

            assertThat(answer.getResponse().getStatus()).as(operation.key() + " " + slot + "=" + value).isEqualTo(404);
            ObjectNode problem = withoutRequestFields(answer);
            ObjectNode expected = withoutRequestFields(reference);
            problem.remove("detail");
            expected.remove("detail");
            assertThat(problem).as(operation.key() + " " + slot + "=" + value).isEqualTo(expected);
            String kind = slot.equals("partnerId") ? "partner " : "system ";
            assertThat(body(answer).get("detail").asString()).startsWith(kind).endsWith(" was not found");
            assertThat(body(reference).get("detail").asString()).startsWith(kind).endsWith(" was not found");
        }
    }

    /** An id outside the path is held to the same rule: a statistics filter on another partner's system is a 404. */
    @Test
    void aStatisticsFilterOnAnotherPartnersSystemIsNotFound() {
        String path = "/api/statistics/partners/" + a.partnerId() + "?systemId=";
        for (String credential : List.of("Bearer " + a.token(), "Bearer " + ADMIN_TOKEN)) {
            assertThat(mvc.get().uri(path + a.systemId()).header("Authorization", credential).exchange()).hasStatusOk();
            for (int attempt = 0; attempt < 2; attempt++) {   // asked again: a 404 is never a cached answer
                MvcTestResult foreign = mvc.get().uri(path + b.systemId()).header("Authorization", credential).exchange();
                MvcTestResult unknown = mvc.get().uri(path + UUID.randomUUID()).header("Authorization", credential).exchange();
                assertThat(foreign).hasStatus(HttpStatus.NOT_FOUND);
                assertThat(unknown).hasStatus(HttpStatus.NOT_FOUND);
                assertThat(body(foreign).get("detail").asString()).isEqualTo("system " + b.systemId() + " was not found");
            }
        }
    }

    @Test
    void fieldsOnlyTheOperatorMaySetAreRefusedToAPartnerToken() {
        MvcTestResult deactivate = mvc.patch().uri("/api/partners/{id}", a.partnerId())
                .header("Authorization", "Bearer " + a.token()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"Sneaky\",\"active\":false}").exchange();
        MvcTestResult unlimit = mvc.patch().uri("/api/systems/{id}", a.systemId())
                .header("Authorization", "Bearer " + a.token()).contentType(MediaType.APPLICATION_JSON)
                .content("{\"rateLimitPerSecond\":1000000}").exchange();

        assertThat(deactivate).hasStatus(HttpStatus.FORBIDDEN);
        assertThat(body(deactivate).get("detail").asString()).isEqualTo("only the operator may set active");
        assertThat(unlimit).hasStatus(HttpStatus.FORBIDDEN);
        // emails are unique: a 409 for another partner's email would tell the token which emails exist
        String othersEmail = body(getAsAdmin("/api/partners/{id}", b.partnerId())).get("email").asString();
        for (String email : List.of(othersEmail, "fresh-" + UUID.randomUUID() + "@acme.example")) {
            MvcTestResult changeEmail = mvc.patch().uri("/api/partners/{id}", a.partnerId())
                    .header("Authorization", "Bearer " + a.token()).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"email\":\"" + email + "\"}").exchange();
            assertThat(changeEmail).hasStatus(HttpStatus.FORBIDDEN);
            assertThat(body(changeEmail).get("detail").asString()).isEqualTo("only the operator may set email");
        }
        JsonNode partner = body(getAsAdmin("/api/partners/{id}", a.partnerId()));
        assertThat(partner.get("active").asBoolean()).isTrue();
        assertThat(partner.get("name").asString()).as("nothing of a refused change is kept").isEqualTo("Acme");
        assertThat(patchAsAdmin("/api/systems/" + a.systemId(), "{\"rateLimitPerSecond\":5}")).hasStatusOk();
        // the partner's admin may still do everything else to its system, active included
        assertThat(mvc.patch().uri("/api/systems/{id}", a.systemId()).header("Authorization", "Bearer " + a.token())
                .contentType(MediaType.APPLICATION_JSON).content("{\"active\":false,\"rateLimitPerSecond\":null}")
                .exchange()).hasStatusOk();
    }

    /**
     * A partner token's body passes one check more than the operator's ({@link
     * com.volcanion.tracking.api.web.OperatorOnlyFields}): a hostile body is the same client error for both (or a 403
     * where it sets an operator-only field), never a 5xx. (A JSON {@code null} body was a 500 for a token once.)
     */
    @Test
    void hostileBodiesAreTheSameClientErrorForAPartnerTokenAsForTheOperator() {
        List<String> bodies = List.of("null", "[]", "\"x\"", "0", "true", "{", "", "{\"name\":null}",
                "{\"active\":\"yes\"}", "{\"active\":null,\"email\":null}", "{\"rateLimitPerSecond\":[1]}",
                "{\"email\":{}}", "{\"schema\":null}", "{\"gracePeriodSeconds\":-1}", "{\"name\":\"\\u0000\"}");
        List<Operation> changing = adminOperations().stream().filter(Operation::partnerTokenAllowed)
                .filter(operation -> Set.of("POST", "PUT", "PATCH").contains(operation.method())).toList();
        assertThat(changing).hasSizeGreaterThan(3);
        for (Operation operation : changing) {
            for (String body : bodies) {
                int token = call(operation, a.variables(), "Bearer " + a.token(), body).getResponse().getStatus();
                int operator = call(operation, a.variables(), "Bearer " + ADMIN_TOKEN, body).getResponse().getStatus();
                assertThat(token).as(operation.key() + " " + body).isLessThan(500);
                if (token != 403) {
                    assertThat(token).as(operation.key() + " " + body).isEqualTo(operator);
                }
            }
        }
    }

    /** Every handler Spring maps under /api is in the description, so the loop above cannot miss one. */
    private List<Operation> adminOperations() {
        JsonNode description = json.readTree(send(java.net.http.HttpRequest.newBuilder(uri("/v3/api-docs"))).body());
        List<Operation> operations = new ArrayList<>();
        Set<String> described = new TreeSet<>();
        description.get("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            described.add(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            Set<String> schemes = new TreeSet<>();
            method.getValue().get("security").forEach(requirement -> requirement.propertyNames().forEach(schemes::add));
            if (schemes.contains("apiKey")) {
                assertThat(schemes).as(path.getKey()).containsExactly("apiKey");
                return;
            }
            assertThat(schemes).as(path.getKey()).contains("admin");
            operations.add(new Operation(method.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                    schemes.contains("partnerToken")));
        }));
        Set<String> mapped = new TreeSet<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> mapping : mappings.getHandlerMethods().entrySet()) {
            boolean ours = mapping.getValue().getBeanType().getPackageName().startsWith("com.volcanion");
            boolean ingestion = mapping.getValue().getBeanType().isAnnotationPresent(ApiKeyAuthenticated.class);
            for (String pattern : mapping.getKey().getPatternValues()) {
                assertThat(pattern.startsWith("/api/") || ingestion || !ours)
                        .as(pattern + " of " + mapping.getValue() + " is outside /api: who guards it?").isTrue();
                if (pattern.startsWith("/api/") && !ingestion) {
                    mapping.getKey().getMethodsCondition().getMethods()
                            .forEach(method -> mapped.add(method.name() + " " + pattern));
                }
            }
        }
        assertThat(described).as("every admin handler is described").containsAll(mapped);
        return operations;
    }

    private MvcTestResult call(Operation operation, Map<String, String> variables, String authorization) {
        String body = null;
        if (Set.of("POST", "PUT", "PATCH").contains(operation.method())) {
            body = BODIES.get(operation.key());
            if (body == null) {
                fail("no body for " + operation.key() + ": add one to BODIES");
            }
            body = body.formatted(uniqueEmail());
        }
        return call(operation, variables, authorization, body);
    }

    private MvcTestResult call(Operation operation, Map<String, String> variables, String authorization, String body) {
        String path = operation.template();
        for (String name : operation.variables()) {
            String value = variables.get(name);
            if (value == null) {
                fail("no value for {" + name + "} of " + operation.key() + ": add one to Tenant.variables()");
            }
            path = path.replace("{" + name + "}", value);
        }
        var request = mvc.method(HttpMethod.valueOf(operation.method())).uri(path + QUERIES.getOrDefault(operation.key(), ""));
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        if (body != null) {
            request = request.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return request.exchange();
    }

    private Map<String, String> randomIds(Operation operation) {
        Map<String, String> variables = new LinkedHashMap<>(a.variables());
        variables.put("partnerId", UUID.randomUUID().toString());
        variables.put("systemId", UUID.randomUUID().toString());
        return variables;
    }

    private Tenant tenant() {
        TestSystem system = aSystem();
        assertThat(putAsAdmin("/api/partners/" + system.partnerId() + "/event-structures/Signup",
                "{\"schema\":{\"type\":\"object\"}}")).hasStatus(HttpStatus.CREATED);
        assertThat(mvc.post().uri("/v1/identify").header("Authorization", basic(system.apiKey()))
                .contentType(MediaType.APPLICATION_JSON).content("{\"userId\":\"ada\",\"traits\":{\"plan\":\"pro\"}}")
                .exchange()).hasStatusOk();
        projector.projectAvailable();
        JsonNode token = issueToken(system.partnerId(), "Acme admin");
        JsonNode spare = issueToken(system.partnerId(), "Spare");
        MvcTestResult deletion = postAsAdmin("/api/partners/" + system.partnerId() + "/deletions",
                "{\"userIds\":[\"gone\"],\"suppress\":true}");
        assertThat(deletion).hasStatus(HttpStatus.ACCEPTED);
        MvcTestResult revalidation = postAsAdmin("/api/partners/" + system.partnerId()
                + "/event-structures/Signup/revalidations", "{}");
        assertThat(revalidation).hasStatus(HttpStatus.ACCEPTED);
        return new Tenant(system.partnerId(), system.systemId(), system.apiKey(), token.get("token").asString(),
                token.get("id").asString(), spare.get("id").asString(), body(deletion).get("id").asString(),
                body(revalidation).get("id").asString());
    }

    private JsonNode issueToken(String partnerId, String name) {
        MvcTestResult issued = postAsAdmin("/api/partners/" + partnerId + "/tokens", "{\"name\":\"" + name + "\"}");
        assertThat(issued).hasStatus(HttpStatus.CREATED);
        return body(issued);
    }

    private String revokedToken() {
        JsonNode token = issueToken(a.partnerId(), "Soon revoked");
        assertThat(deleteAsAdmin("/api/partners/{p}/tokens/{t}", a.partnerId(), token.get("id").asString()))
                .hasStatus(HttpStatus.NO_CONTENT);
        return token.get("token").asString();
    }

    private String title(MvcTestResult result) {
        return body(result).get("title").asString();
    }

    /** A problem without what differs per request by design: its correlation id and instance. */
    private ObjectNode withoutRequestFields(MvcTestResult result) {
        ObjectNode problem = (ObjectNode) body(result);
        problem.remove("correlationId");
        problem.remove("instance");
        return problem;
    }
}
