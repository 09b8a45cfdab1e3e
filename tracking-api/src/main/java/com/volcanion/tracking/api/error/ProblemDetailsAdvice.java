package com.volcanion.tracking.api.error;

import com.volcanion.tracking.api.ingest.InvalidEventException;
import com.volcanion.tracking.api.ingest.OriginNotAllowedException;
import com.volcanion.tracking.api.ingest.PayloadTooLargeException;
import com.volcanion.tracking.api.ingest.RateLimitHeaders;
import com.volcanion.tracking.api.ingest.RateLimitedException;
import com.volcanion.tracking.api.web.CorrelationIdFilter;
import com.volcanion.tracking.api.web.UnauthorizedException;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.ingest.InvalidApiKeyException;
import com.volcanion.tracking.application.port.TrackingEventStore.StoreUnavailableException;
import com.volcanion.tracking.application.port.EventSchemaChecker.InvalidEventSchemaException;
import com.volcanion.tracking.domain.DomainRuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;

import java.net.URI;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every error the service answers is an {@code application/problem+json} body with {@code type, title, status,
 * detail, instance, correlationId} and, for a bad request, {@code errors: [{field, message}]}. Spring MVC's own
 * exceptions (415, 405, 404 for unknown paths, unreadable bodies...) come through {@link ResponseEntityExceptionHandler}.
 * Never a stack trace; a 500 only for the service's own failures, logged with the correlation id.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final String TYPE_PREFIX = "urn:volcanion-tracking:problem:";
    /** Hikari's answer (no SQL state) when a transaction ends on a connection the database already broke. */
    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    @ExceptionHandler(DomainRuleViolation.class)
    ResponseEntity<Object> ruleViolated(DomainRuleViolation e, HttpServletRequest request) {
        return badRequest(request, "The request is invalid", List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(InvalidEventSchemaException.class)
    ResponseEntity<Object> invalidSchema(InvalidEventSchemaException e, HttpServletRequest request) {
        List<FieldError> errors = e.problems().stream().map(problem -> new FieldError("schema", problem)).toList();
        return badRequest(request, "schema is not a valid JSON Schema (draft 2020-12)", errors);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return problem(request, HttpStatus.NOT_FOUND, "not-found", e.getMessage(), null);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e, HttpServletRequest request) {
        return problem(request, HttpStatus.CONFLICT, "conflict", e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(UnauthorizedException.class)
    ResponseEntity<Object> unauthorized(UnauthorizedException e, HttpServletRequest request) {
        return withHeader(problem(request, HttpStatus.UNAUTHORIZED, "unauthorized", e.getMessage(), null),
                HttpHeaders.WWW_AUTHENTICATE, "Bearer");
    }

    /** Unknown, revoked, expired and inactive keys: one identical answer. */
    @ExceptionHandler(InvalidApiKeyException.class)
    ResponseEntity<Object> invalidApiKey(InvalidApiKeyException e, HttpServletRequest request) {
        return problem(request, HttpStatus.UNAUTHORIZED, "unauthorized", e.getMessage(), null);
    }

    @ExceptionHandler(OriginNotAllowedException.class)
    ResponseEntity<Object> originNotAllowed(OriginNotAllowedException e, HttpServletRequest request) {
        return problem(request, HttpStatus.FORBIDDEN, "forbidden", e.getMessage(), null);
    }

    @ExceptionHandler(InvalidEventException.class)
    ResponseEntity<Object> invalidEvent(InvalidEventException e, HttpServletRequest request) {
        List<FieldError> errors = e.errors().stream().map(error -> new FieldError(error.path(), error.message())).toList();
        return badRequest(request, e.getMessage(), errors);
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> payloadTooLarge(PayloadTooLargeException e, HttpServletRequest request) {
        return problem(request, HttpStatus.CONTENT_TOO_LARGE, "content-too-large", e.getMessage(), null);
    }

    /** Tomcat decodes query parameters lazily and throws when one is not valid percent-encoding. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> malformedQuery(InvalidParameterException e, HttpServletRequest request) {
        return badRequest(request, "The query string is not valid percent-encoded UTF-8", null);
    }

    /** Nothing was stored; the client retries after Retry-After (SDKs retry 429). */
    @ExceptionHandler(RateLimitedException.class)
    ResponseEntity<Object> rateLimited(RateLimitedException e, HttpServletRequest request) {
        ResponseEntity<Object> problem = problem(request, HttpStatus.TOO_MANY_REQUESTS, "rate-limited",
                "This system sends more events than its rate limit allows; nothing was stored. Retry after "
                        + e.decision().retryAfterSeconds() + " s.", null);
        HttpHeaders headers = new HttpHeaders();
        headers.putAll(problem.getHeaders());
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(e.decision().retryAfterSeconds()));
        RateLimitHeaders.write(e.decision(), headers::set);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem.getBody());
    }

    /** Nothing was stored (the exception's message says so, or names the one case that cannot know); SDKs retry 5xx. */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<Object> storeUnavailable(StoreUnavailableException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        return withHeader(problem(request, HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                        "Events cannot be stored right now: " + e.getMessage() + ". Retry later.", null),
                HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfterSeconds()));
    }

    /**
     * The service's own failures. One kind is not a bug: the database unreachable or restarting (a broken
     * connection, a refused one, an administrator's shutdown), answered 503 so that clients retry.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        if (isDatabaseUnavailable(e)) {
            log.warn("Answering 503, the database is unavailable: {}", e.toString());
            return withHeader(problem(request, HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    "The database is unavailable; nothing was changed. Retry later.", null), HttpHeaders.RETRY_AFTER, "2");
        }
        log.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), e);
        return problem(request, HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "The service failed to answer; the correlation id identifies the failure in its logs", null);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.getDefaultMessage()))
                .toList();
        return badRequest(servletRequest(request), "The request is invalid", errors);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        return badRequest(servletRequest(request), "A parameter has the wrong type",
                List.of(new FieldError(field, "must be " + expected)));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        HttpServletRequest servletRequest = servletRequest(request);
        if (e.getCause() instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().stream()
                    .map(reference -> reference.getPropertyName() != null
                            ? reference.getPropertyName() : "[" + reference.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            return badRequest(servletRequest, "A field has the wrong type",
                    List.of(new FieldError(field, "must be " + describe(mismatch.getTargetType()))));
        }
        if (e.getCause() instanceof JacksonException jackson) {
            return badRequest(servletRequest, "The body is not valid JSON: " + jackson.getOriginalMessage(), null);
        }
        return badRequest(servletRequest, "The body is missing or unreadable", null);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : ProblemDetail.forStatusAndDetail(status, e.getMessage());
        enrich(problem, servletRequest(request), slug(status));
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static boolean isDatabaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
                    || cause instanceof CannotCreateTransactionException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && (HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())
                    || sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P")))) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<Object> withHeader(ResponseEntity<Object> answer, String name, String value) {
        return ResponseEntity.status(answer.getStatusCode()).header(name, value)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(answer.getBody());
    }

    private ResponseEntity<Object> badRequest(HttpServletRequest request, String detail, List<FieldError> errors) {
        return problem(request, HttpStatus.BAD_REQUEST, "invalid-request", detail, errors);
    }

    private ResponseEntity<Object> problem(HttpServletRequest request, HttpStatus status, String slug, String detail,
                                           List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        enrich(problem, request, slug);
        if (errors != null) {
            problem.setProperty("errors", errors);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static void enrich(ProblemDetail problem, HttpServletRequest request, String slug) {
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(URI.create(TYPE_PREFIX + slug));
        }
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI().replaceAll("[^A-Za-z0-9._~/%-]", "_")));
            problem.setProperty("correlationId", CorrelationIdFilter.of(request));
        }
    }

    private static String slug(HttpStatusCode status) {
        HttpStatus known = HttpStatus.resolve(status.value());
        return known == null ? String.valueOf(status.value())
                : known.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    private static String describe(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type == java.util.UUID.class) {
            return "a UUID";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (java.time.temporal.Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time with offset";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type == String.class) {
            return "a string";
        }
        return "an object";
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof NativeWebRequest nativeRequest
                ? nativeRequest.getNativeRequest(HttpServletRequest.class) : null;
    }
}
