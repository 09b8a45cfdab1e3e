package com.volcanion.tracking.api.error;

import com.volcanion.tracking.api.web.CorrelationIdFilter;
import com.volcanion.tracking.api.web.FieldError;
import com.volcanion.tracking.api.web.Problems;
import com.volcanion.tracking.application.ConflictException;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.ingest.InvalidApiKeyException;
import com.volcanion.tracking.application.structure.EventSchemaChecker.InvalidEventSchemaException;
import com.volcanion.tracking.application.ingest.TrackingEventStore.StoreUnavailableException;
import com.volcanion.tracking.application.port.TransientFailures;
import com.volcanion.tracking.domain.DomainRuleViolation;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.ErrorResponseException;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Every error the service answers is an {@code application/problem+json} body with {@code type, title, status,
 * detail, instance, correlationId} and, for a bad request, {@code errors: [{field, message}]}. The web layer's own
 * exceptions carry their problem, status and headers ({@link ErrorResponseException}), as do Spring MVC's (415, 405,
 * 404 for unknown paths...): {@link ResponseEntityExceptionHandler} renders them, and this advice only adds what every
 * answer has. It maps the application's exceptions, which know nothing of HTTP, and the failures nobody caught:
 * transient ones ({@link TransientFailures}: the database unreachable, a timeout) are a 503, the rest a 500, logged
 * with the correlation id. Never a stack trace.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final TransientFailures transientFailures;

    public ProblemDetailsAdvice(TransientFailures transientFailures) {
        this.transientFailures = transientFailures;
    }

    @ExceptionHandler(DomainRuleViolation.class)
    ResponseEntity<Object> ruleViolated(DomainRuleViolation e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", "The request is invalid",
                List.of(new FieldError(e.field(), e.getMessage()))), null);
    }

    @ExceptionHandler(InvalidEventSchemaException.class)
    ResponseEntity<Object> invalidSchema(InvalidEventSchemaException e, HttpServletRequest request) {
        List<FieldError> errors = e.problems().stream().map(problem -> new FieldError("schema", problem)).toList();
        return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "schema is not a valid JSON Schema (draft 2020-12)", errors), null);
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.NOT_FOUND, "not-found", e.getMessage(), null), null);
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.CONFLICT, "conflict", e.getMessage(),
                List.of(new FieldError(e.field(), e.getMessage()))), null);
    }

    /** Unknown, revoked, expired and inactive keys: one identical answer. */
    @ExceptionHandler(InvalidApiKeyException.class)
    ResponseEntity<Object> invalidApiKey(InvalidApiKeyException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", e.getMessage(), null), null);
    }

    /** Tomcat decodes query parameters lazily and throws when one is not valid percent-encoding. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> malformedQuery(InvalidParameterException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "The query string is not valid percent-encoded UTF-8", null), null);
    }

    /** Nothing was stored (the exception's message says so, or names the one case that cannot know); SDKs retry 5xx. */
    @ExceptionHandler(StoreUnavailableException.class)
    ResponseEntity<Object> storeUnavailable(StoreUnavailableException e, HttpServletRequest request) {
        log.warn("Answering 503: {}", e.getMessage());
        return answer(request, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable",
                "Events cannot be stored right now: " + e.getMessage() + ". Retry later.", null),
                retryAfter(e.retryAfterSeconds()));
    }

    /** The failures nobody caught: a 503 when they may pass (clients retry), a 500 otherwise (a defect). */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        if (transientFailures.isTransient(e)) {
            log.warn("Answering 503, the database cannot answer now: {}", e.toString());
            return answer(request, Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "database-unavailable",
                    "The database cannot answer right now; nothing was changed. Retry later.", null), retryAfter(2));
        }
        log.error("Unexpected failure serving {} {}", request.getMethod(), request.getRequestURI(), e);
        return answer(request, Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal",
                "The service failed to answer; the correlation id identifies the failure in its logs", null), null);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException e, HttpHeaders headers,
                                                        HttpStatusCode status, WebRequest request) {
        String field = e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName() : e.getPropertyName();
        String expected = e.getRequiredType() == null ? "a valid value" : describe(e.getRequiredType());
        return answer(servletRequest(request), Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "A parameter has the wrong type", List.of(new FieldError(field, "must be " + expected))), null);
    }

    /** A query string bound to a record ({@code @ModelAttribute}) with values of the wrong type: one error each. */
    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException e, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldError(error.getField(), error.contains(TypeMismatchException.class)
                        ? "must be " + describe(error.unwrap(TypeMismatchException.class).getRequiredType())
                        : error.getDefaultMessage()))
                .toList();
        return answer(servletRequest(request), Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                "A parameter has the wrong type", errors), null);
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
            return answer(servletRequest, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request",
                    "A field has the wrong type", List.of(new FieldError(field, "must be " + describe(mismatch.getTargetType())))),
                    null);
        }
        String detail = e.getCause() instanceof JacksonException jackson
                ? "The body is not valid JSON: " + jackson.getOriginalMessage() : "The body is missing or unreadable";
        return answer(servletRequest, Problems.of(HttpStatus.BAD_REQUEST, "invalid-request", detail, null), null);
    }

    /** Every problem Spring MVC renders (its own exceptions, and {@link ErrorResponseException}s) gets what all have. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail given ? given
                : e instanceof ErrorResponse carried ? carried.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale())
                : ProblemDetail.forStatusAndDetail(status, e.getMessage());
        return answer(servletRequest(request), problem, headers);
    }

    /** The problem with its type (from its status when it has none), instance and correlation id, as problem+json. */
    private static ResponseEntity<Object> answer(HttpServletRequest request, ProblemDetail problem, HttpHeaders headers) {
        if (problem.getType() == null || URI.create("about:blank").equals(problem.getType())) {
            problem.setType(Problems.type(slug(problem.getStatus())));
        }
        if (request != null) {
            problem.setInstance(URI.create(request.getRequestURI().replaceAll("[^A-Za-z0-9._~/%-]", "_")));
            problem.setProperty("correlationId", CorrelationIdFilter.of(request));
        }
        return ResponseEntity.status(problem.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static HttpHeaders retryAfter(int seconds) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        return headers;
    }

    private static String slug(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? String.valueOf(status) : known.name().toLowerCase(Locale.ROOT).replace('_', '-');
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
