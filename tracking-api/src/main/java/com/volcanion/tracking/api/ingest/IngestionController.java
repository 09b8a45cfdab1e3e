package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.ApiKeyAuthenticated;
import com.volcanion.tracking.application.ingest.IncomingItem;
import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.application.ingest.IngestionResult.ItemResult;
import com.volcanion.tracking.application.ingest.IngestionResult.Status;
import com.volcanion.tracking.application.ingest.SystemCredential;
import com.volcanion.tracking.domain.event.ValidationError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The ingestion API, version 1. Authenticates first (before reading the body), checks a browser's origin against
 * the system's allowed origins, reads the body within the limits of docs/api.md, charges its events to the system's
 * rate limit (a single event before its body is read, so a refused one costs no parsing), and answers only after the
 * commit ({@link Ingestion}).
 */
@RestController
@Tag(name = "Ingestion", description = "Sending events with a system's API key")
@ApiKeyAuthenticated
class IngestionController {

    private final Ingestion ingestion;
    private final EventJsonReader reader = new EventJsonReader();

    IngestionController(Ingestion ingestion) {
        this.ingestion = ingestion;
    }

    @PostMapping(path = "/api/events/ingest", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send one event", description = "202 once the event is committed: ACCEPTED, or DUPLICATE "
            + "when this system already stored its messageId. An event breaking its structure is stored with "
            + "valid=false. 400 for what is not an event or cannot be stored exactly as sent (times outside "
            + "1900..9999, NUL or lone surrogates, numbers longer than 1000 characters in plain notation, invalid "
            + "UTF-8, a key twice), "
            + "413 beyond 64 KiB, 429 beyond the system's rate limit. 503: nothing was stored, retry after Retry-After "
            + "(unless its detail says the events may be stored: a commit the database did not confirm).",
            requestBody = @RequestBody(required = true, content = @io.swagger.v3.oas.annotations.media.Content(
                    mediaType = "application/json",
                    schema = @Schema(implementation = EventDocument.class))))
    ResponseEntity<IngestResponse> ingestOne(HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        SystemCredential system = ingestion.authenticate(request, ApiKeyCredentials.presentedKey(request));
        ingestion.charge(response, system, 1);   // one event whatever the body holds: refused before reading it
        JsonNode body = reader.parse(Ingestion.readBody(request, IngestionLimits.MAX_EVENT_BYTES));
        IngestionResult result = ingestion.store(IngestionMetrics.Api.NATIVE, request, system, null,
                List.of(reader.readEvent(body)));
        ItemResult item = result.results().getFirst();
        if (item.status() == Status.REJECTED) {
            throw new InvalidEventException("The body is not a valid event", item.validationErrors());
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(IngestResponse.from(item));
    }

    @PostMapping(path = "/api/events/batch", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Send up to 1000 events", description = "200 once the batch is committed, with one result "
            + "per item in request order. An item that is not an event, or cannot be stored exactly as sent, is "
            + "REJECTED alone; the others are stored. 400 for a body that is not JSON, not UTF-8 or holds a key "
            + "twice. 413 beyond "
            + "1000 events or 2 MiB. 429 when the batch's events exceed the system's rate limit. 503: nothing was "
            + "stored (unless its detail says the events may be stored).",
            requestBody = @RequestBody(required = true, content = @io.swagger.v3.oas.annotations.media.Content(
                    mediaType = "application/json",
                    schema = @Schema(implementation = BatchDocument.class))))
    BatchResponse ingestBatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SystemCredential system = ingestion.authenticate(request, ApiKeyCredentials.presentedKey(request));
        JsonNode body = reader.parse(Ingestion.readBody(request, IngestionLimits.MAX_BATCH_BYTES));
        JsonNode events = EventJsonReader.batchItems(body, "events");
        List<ValidationError> batchErrors = new ArrayList<>();
        Instant batchSentAt = reader.instant(body, "sentAt", batchErrors);
        if (!batchErrors.isEmpty()) {
            throw new InvalidEventException("The batch's sentAt is invalid", batchErrors);
        }
        List<IncomingItem> items = new ArrayList<>(events.size());
        events.forEach(event -> items.add(reader.readEvent(event)));
        ingestion.charge(response, system, items.size());
        return BatchResponse.from(ingestion.store(IngestionMetrics.Api.NATIVE, request, system, batchSentAt, items));
    }

    /** The documented shape of one event, for the OpenAPI description. */
    record EventDocument(
            @Schema(maxLength = 100, description = "the client's id for dedup; generated when absent",
                    example = "3f0c2a6e-8d2b-4a51-9b3e-1c7d5a2f9e10") String messageId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 200,
                    example = "Order Completed") String eventName,
            @Schema(description = "1900..9999; the receive time when absent", example = "2026-11-24T10:00:00Z")
            Instant timestamp,
            @Schema(description = "when the client sent it: corrects its clock skew", example = "2026-11-24T10:00:02Z")
            Instant sentAt,
            @Schema(maxLength = 200, example = "u-42") String userId,
            @Schema(maxLength = 200, example = "a-9") String anonymousId,
            @Schema(example = "{\"orderId\":\"o-1\",\"total\":12.5}") java.util.Map<String, Object> properties,
            @Schema(example = "{\"app\":{\"version\":\"1.2\"}}") java.util.Map<String, Object> context) {
    }

    /** The documented shape of a batch, for the OpenAPI description. */
    @Schema(example = "{\"sentAt\":\"2026-11-24T10:00:02Z\",\"events\":[{\"messageId\":\"m-1\","
            + "\"eventName\":\"Order Completed\",\"timestamp\":\"2026-11-24T10:00:00Z\",\"userId\":\"u-42\","
            + "\"properties\":{\"total\":12.5}}]}")
    record BatchDocument(
            @Schema(description = "for the events without a sentAt of their own", example = "2026-11-24T10:00:02Z")
            Instant sentAt,
            @ArraySchema(arraySchema = @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                    description = "up to 1000; an item that is not an event is REJECTED alone"), maxItems = 1000)
            List<EventDocument> events) {
    }
}
