package com.volcanion.tracking.api.ingest;

import com.volcanion.tracking.api.web.CorrelationIdFilter;
import com.volcanion.tracking.api.web.Problems;
import com.volcanion.tracking.application.ingest.AuthenticateApiKeyHandler;
import com.volcanion.tracking.application.ingest.CheckRateLimitHandler;
import com.volcanion.tracking.application.ingest.IncomingItem;
import com.volcanion.tracking.application.ingest.IngestEventsCommand;
import com.volcanion.tracking.application.ingest.IngestEventsHandler;
import com.volcanion.tracking.application.ingest.IngestionResult;
import com.volcanion.tracking.application.ingest.InvalidApiKeyException;
import com.volcanion.tracking.application.ingest.RateLimitDecision;
import com.volcanion.tracking.application.ingest.SystemCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The steps every ingestion endpoint takes, version 1's and the Segment-compatible ones alike: authenticate the
 * key and the browser's origin, read the body within its limit, charge the rate limit, store and record.
 */
@Component
class Ingestion {

    private final AuthenticateApiKeyHandler authenticate;
    private final CheckRateLimitHandler rateLimit;
    private final IngestEventsHandler ingest;
    private final IngestionMetrics metrics;

    Ingestion(AuthenticateApiKeyHandler authenticate, CheckRateLimitHandler rateLimit, IngestEventsHandler ingest,
              IngestionMetrics metrics) {
        this.authenticate = authenticate;
        this.rateLimit = rateLimit;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    /** The system of this key (401 when unknown or absent), if the request's Origin is one it allows (else 403). */
    SystemCredential authenticate(HttpServletRequest request, String presentedKey) {
        SystemCredential system = systemOf(presentedKey);
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !system.allowsOrigin(origin)) {
            throw new OriginNotAllowedException(origin);
        }
        return system;
    }

    /** The system of this key: {@link InvalidApiKeyException} (401) when unknown, inactive or absent. */
    SystemCredential systemOf(String presentedKey) {
        try {
            return authenticate.handle(presentedKey);
        } catch (InvalidApiKeyException e) {
            metrics.authFailure();
            throw e;
        }
    }

    /** Charges events to the system's rate limit (every item counts, even one to be rejected): 429 beyond it. */
    void charge(HttpServletResponse response, SystemCredential system, int events) {
        RateLimitDecision decision = rateLimit.handle(system, events);
        if (!decision.allowed()) {
            throw new RateLimitedException(decision);
        }
        RateLimitHeaders.write(decision, response::setHeader);
    }

    /** Stores the items; returns once they are committed. */
    IngestionResult store(IngestionMetrics.Api api, HttpServletRequest request, SystemCredential system,
                          Instant batchSentAt, List<IncomingItem> items) {
        IngestionResult result = ingest.handle(
                new IngestEventsCommand(system, batchSentAt, CorrelationIdFilter.of(request), items));
        metrics.record(api, system.systemType(), result);
        return result;
    }

    /**
     * Reads at most {@code limit} bytes of body, decompressed when it says {@code Content-Encoding: gzip}: the limit
     * applies to the decompressed bytes, counted while inflating, so a small bomb is refused (413) without being
     * inflated whole. A body of declared length and no encoding is read straight into an array of that length (no
     * intermediate buffers: they were a quarter of the bytes a single event allocated). Another encoding is 415.
     */
    static byte[] readBody(HttpServletRequest request, int limit) throws IOException {
        String encoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = encoding != null && encoding.strip().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.strip().equalsIgnoreCase("identity")) {
            throw new ErrorResponseException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, Problems.of(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                    "Content-Encoding " + encoding + " is not supported; send gzip or no encoding", null), null);
        }
        long declared = request.getContentLengthLong();
        if (!gzip && declared > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = request.getInputStream()) {
            if (!gzip && declared >= 0) {
                byte[] body = new byte[(int) declared];
                int read = in.readNBytes(body, 0, body.length);
                return read == body.length ? body : Arrays.copyOf(body, read);
            }
            byte[] body;
            try {
                body = (gzip ? new GZIPInputStream(in) : in).readNBytes(limit + 1);
            } catch (ZipException | java.io.EOFException e) {
                throw new InvalidEventException("The body is not valid gzip: " + e.getMessage(), List.of());
            }
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        }
    }

    private static PayloadTooLargeException tooLarge(int limit) {
        return new PayloadTooLargeException("The body is larger than " + (limit / 1024) + " KiB");
    }
}
