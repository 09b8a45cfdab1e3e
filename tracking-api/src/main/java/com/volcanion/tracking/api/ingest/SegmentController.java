package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.ApiKeyAuthenticated;
import com.volcanion.tracking.api.config.TrackingProperties;
import com.volcanion.tracking.api.web.Problems;
import com.volcanion.tracking.application.ingest.IncomingItem;
import com.volcanion.tracking.application.ingest.InvalidApiKeyException;
import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.application.ingest.IngestionResult.ItemResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.domain.event.EventType;
import com.volcanion.tracking.domain.event.ValidationError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Segment tracking API (docs/api.md, "Segment-compatible ingestion"), so that Segment's and RudderStack's SDKs
 * send here unmodified: one call per request on {@code /v1/track} and its siblings (and analytics.js's short paths),
 * many on {@code /v1/batch}, {@code /v1/import} and {@code /v1/b}; JSON sent as {@code application/json} or
 * {@code text/plain}, gzip or not. The key comes from {@code Authorization: Basic}, {@code X-Api-Key} or the body's
 * {@code writeKey}. Same limits, rate limit, dedup and answers-after-commit as version 1 ({@link Ingestion}).
 */
@RestController
@Tag(name = "Segment-compatible ingestion", description = "The tracking API of Segment's and RudderStack's SDKs")
@ApiKeyAuthenticated
class SegmentController {

    /** The one-call paths, each also with a trailing slash; the path names the call's type. */
    private static final Map<String, EventType> CALLS = Map.ofEntries(
            Map.entry("/v1/track", EventType.TRACK), Map.entry("/v1/t", EventType.TRACK),
            Map.entry("/v1/page", EventType.PAGE), Map.entry("/v1/p", EventType.PAGE),
            Map.entry("/v1/screen", EventType.SCREEN), Map.entry("/v1/s", EventType.SCREEN),
            Map.entry("/v1/identify", EventType.IDENTIFY), Map.entry("/v1/i", EventType.IDENTIFY),
            Map.entry("/v1/group", EventType.GROUP), Map.entry("/v1/g", EventType.GROUP),
            Map.entry("/v1/alias", EventType.ALIAS), Map.entry("/v1/a", EventType.ALIAS));

    private final Ingestion ingestion;
    private final EventJsonReader reader = new EventJsonReader();
    private final SegmentCallReader calls = new SegmentCallReader(reader);

    private final URI publicUrl;

    SegmentController(Ingestion ingestion, TrackingProperties properties) {
        this.ingestion = ingestion;
        this.publicUrl = properties.publicUrl();
    }

    @PostMapping(path = {"/v1/track", "/v1/track/", "/v1/t", "/v1/t/", "/v1/page", "/v1/page/", "/v1/p", "/v1/p/",
            "/v1/screen", "/v1/screen/", "/v1/s", "/v1/s/", "/v1/identify", "/v1/identify/", "/v1/i", "/v1/i/",
            "/v1/group", "/v1/group/", "/v1/g", "/v1/g/", "/v1/alias", "/v1/alias/", "/v1/a", "/v1/a/"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send one call", description = "track, page, screen, identify, group or alias (t, p, s, i, g, "
            + "a are analytics.js's short paths). 200 {\"success\":true} once committed; 400 when the body is not a "
            + "valid call, 401 unknown key, 413 beyond 64 KiB (decompressed), 429, 503 as version 1.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                            schema = @Schema(implementation = SegmentCallDocument.class)),
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/plain",
                            schema = @Schema(implementation = SegmentCallDocument.class))}))
    SegmentResponse call(HttpServletRequest request, HttpServletResponse response) throws IOException {
        EventType type = typeOf(request);
        JsonNode body = reader.parse(Ingestion.readBody(request, IngestionLimits.MAX_EVENT_BYTES));
        SystemCredential system = authenticate(request, body);
        ingestion.charge(response, system, 1);
        IngestionResult result = ingestion.store(IngestionMetrics.Api.SEGMENT, request, system, null,
                List.of(calls.readCall(body, type, null)));
        ItemResult item = result.results().getFirst();
        if (item.status() == Status.REJECTED) {
            throw new InvalidEventException("The body is not a valid " + type.name().toLowerCase(java.util.Locale.ROOT) + " call",
                    item.validationErrors());
        }
        return SegmentResponse.of(result);
    }

    @PostMapping(path = {"/v1/batch", "/v1/batch/", "/v1/import", "/v1/import/", "/v1/b", "/v1/b/"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send up to 1000 calls", description = "{batch: [calls, each with its type], context?, "
            + "sentAt?, writeKey?}. 200 {\"success\":true,\"rejected\":n} once committed: a call that is not valid is "
            + "rejected alone and counted. 400 malformed JSON, 401 unknown key, 413 beyond 1000 calls, 2 MiB "
            + "(decompressed) or a batch context over 64 KiB, 429 (one token per call), 503 as version 1.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                            schema = @Schema(implementation = SegmentBatchDocument.class)),
                    @io.swagger.v3.oas.annotations.media.Content(mediaType = "text/plain",
                            schema = @Schema(implementation = SegmentBatchDocument.class))}))
    SegmentResponse batch(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        JsonNode body = reader.parse(Ingestion.readBody(request, IngestionLimits.MAX_BATCH_BYTES));
        SystemCredential system = authenticate(request, body);
        JsonNode batchCalls = EventJsonReader.batchItems(body, "batch");
        ingestion.charge(response, system, batchCalls.size());   // before the calls are read: a refusal costs little
        List<ValidationError> errors = new ArrayList<>();
        Instant sentAt = reader.instant(body, "sentAt", errors);
        JsonNode context = reader.batchContext(body, errors);
        if (!errors.isEmpty()) {
            throw new InvalidEventException("The batch's sentAt or context is invalid", errors);
        }
        List<IncomingItem> items = new ArrayList<>(batchCalls.size());
        batchCalls.forEach(call -> items.add(calls.readCall(call, null, context)));
        return SegmentResponse.of(ingestion.store(IngestionMetrics.Api.SEGMENT, request, system, sentAt, items));
    }

    @GetMapping(path = {"/v1/projects/{writeKey}/settings", "/v1/projects/{writeKey}/settings/"},
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "analytics.js settings", description = "The settings document analytics.js loads before "
            + "sending, pointing it at this service (and turning off the metrics it would send to Segment); 404 for an "
            + "unknown key.")
    Map<String, Object> settings(@PathVariable String writeKey, HttpServletRequest request) {
        try {
            ingestion.systemOf(writeKey);
        } catch (InvalidApiKeyException e) {
            throw new ErrorResponseException(HttpStatus.NOT_FOUND, Problems.of(HttpStatus.NOT_FOUND, "not-found",
                    "No active system has this write key", null), e);
        }
        URI base = publicUrl != null ? publicUrl : ServletUriComponentsBuilder.fromContextPath(request).build().toUri();
        return Map.of("integrations", Map.of("Segment.io", Map.of("apiKey", writeKey, "apiHost", apiHost(base),
                        "protocol", base.getScheme())),
                "plan", Map.of("track", Map.of("__default", Map.of("enabled", true))),
                // analytics.js would otherwise report its own metrics to Segment's API, beside this service
                "metrics", Map.of("sampleRate", 0));
    }

    /** analytics.js's {@code apiHost}: the service's host, port and path, and {@code /v1}, without a scheme. */
    static String apiHost(URI base) {
        String path = base.getRawPath() == null ? "" : base.getRawPath().replaceAll("/+$", "");
        return base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort()) + path + "/v1";
    }

    /** The key of a header if the request has one, else the body's {@code writeKey}. */
    private SystemCredential authenticate(HttpServletRequest request, JsonNode body) {
        String key = ApiKeyCredentials.presentedKey(request);
        if (key == null && body.isObject() && body.path("writeKey").isString()) {
            key = body.get("writeKey").asString();
        }
        return ingestion.authenticate(request, key);
    }

    /** The call's type, from the path pattern that matched (whatever the servlet's or the application's own path). */
    private static EventType typeOf(HttpServletRequest request) {
        String pattern = (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return CALLS.get(pattern.endsWith("/") ? pattern.substring(0, pattern.length() - 1) : pattern);
    }

    /** The answer Segment's SDKs read: success once committed, and how many calls were rejected. */
    record SegmentResponse(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "true") boolean success,
                           @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "0",
                                   description = "calls that were not valid calls, rejected alone") int rejected) {

        static SegmentResponse of(IngestionResult result) {
            return new SegmentResponse(true,
                    (int) result.results().stream().filter(item -> item.status() == Status.REJECTED).count());
        }
    }

    /** The documented shape of one call, for the OpenAPI description. */
    @Schema(example = "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u-42\",\"properties\":"
            + "{\"total\":12.5},\"timestamp\":\"2026-11-24T10:00:00Z\",\"sentAt\":\"2026-11-24T10:00:02Z\","
            + "\"messageId\":\"m-1\"}")
    record SegmentCallDocument(
            @Schema(description = "in a batch: track, page, screen, identify, group or alias") String type,
            @Schema(maxLength = 100) String messageId,
            @Schema(types = {"string", "number"}, maxLength = 200, description = "this or anonymousId is required") Object userId,
            @Schema(types = {"string", "number"}, maxLength = 200) Object anonymousId,
            @Schema(description = "track: the event name") String event,
            @Schema(description = "page, screen") String name,
            @Schema(description = "page, screen") String category,
            Map<String, Object> properties,
            @Schema(description = "identify, group") Map<String, Object> traits,
            @Schema(types = {"string", "number"}, description = "group") Object groupId,
            @Schema(types = {"string", "number"}, description = "alias") Object previousId,
            Map<String, Object> context,
            Instant timestamp, Instant originalTimestamp, Instant sentAt,
            @Schema(description = "the system's API key, when no header carries it") String writeKey) {
    }

    /** The documented shape of a batch, for the OpenAPI description. */
    @Schema(example = "{\"batch\":[{\"type\":\"identify\",\"userId\":\"u-42\",\"traits\":{\"plan\":\"pro\"}},"
            + "{\"type\":\"track\",\"event\":\"Order Completed\",\"userId\":\"u-42\"}],\"sentAt\":\"2026-11-24T10:00:02Z\"}")
    record SegmentBatchDocument(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 1000) List<SegmentCallDocument> batch,
            @Schema(description = "merged into each call's context (the call's keys win)") Map<String, Object> context,
            Instant sentAt, String writeKey) {
    }
}
