package com.volcanion.tracking.api.web;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.access.AuthenticatePartnerTokenHandler;
import com.volcanion.tracking.application.port.PartnerRepository;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Who may do what under {@code /api}, decided here and nowhere else, default-deny.
 * <ul>
 *   <li>A controller marked {@link ApiKeyAuthenticated} (ingestion) authenticates its API keys itself.</li>
 *   <li>Every other request needs {@code Authorization: Bearer} with the operator token or a partner token;
 *       anything else is the one 401 of {@link UnauthorizedException}.</li>
 *   <li>The operator may do everything.</li>
 *   <li>A partner token reaches a handler only when the handler is not {@link OperatorOnly} (else 403) and the path
 *       names a partner, by {@code {partnerId}} or by {@code {systemId}} (resolved to the system's partner), and every
 *       such name is its own partner. Another partner's id, an unknown id, an id of the wrong kind and a value that is
 *       no id all get the same 404 a handler gives for an unknown one, so existence is never revealed. A path that
 *       names no partner is the operator's (403). A new controller is covered without being listed anywhere.</li>
 * </ul>
 * Resources under a partner's path (its event structures, users, tokens...) are looked up by the handlers within
 * that partner. The body half of this check, operator-only fields of a request body, is {@link OperatorOnlyFields}.
 */
public class AdminAuthorization implements HandlerInterceptor {

    private static final String ACTOR = AdminAuthorization.class.getName() + ".actor";
    private static final String BEARER = "Bearer ";

    private final AdminToken operatorToken;
    private final AuthenticatePartnerTokenHandler partnerTokens;
    private final PartnerRepository partners;

    public AdminAuthorization(AdminToken operatorToken, AuthenticatePartnerTokenHandler partnerTokens,
                              PartnerRepository partners) {
        this.operatorToken = operatorToken;
        this.partnerTokens = partnerTokens;
        this.partners = partners;
    }

    /** The actor this interceptor authenticated for the request; empty outside the admin APIs. */
    public static Optional<Actor> actorOf(HttpServletRequest request) {
        return Optional.ofNullable((Actor) request.getAttribute(ACTOR));
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (CorsUtils.isPreFlightRequest(request)) {
            return true;   // a CORS preflight carries no credential; the request it announces is checked here
        }
        if (handler instanceof HandlerMethod method
                && AnnotatedElementUtils.hasAnnotation(method.getBeanType(), ApiKeyAuthenticated.class)) {
            return true;
        }
        Actor actor = authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
        if (actor instanceof Actor.PartnerAdmin admin) {
            authorize(admin, handler, request);
        }
        request.setAttribute(ACTOR, actor);
        return true;
    }

    private Actor authenticate(String authorization) {
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (bearer) {
            String credential = authorization.substring(BEARER.length()).strip();
            if (operatorToken.matches(credential)) {
                return Actor.OPERATOR;
            }
            Optional<Actor.PartnerAdmin> admin = partnerTokens.authenticate(credential);
            if (admin.isPresent()) {
                return admin.get();
            }
        }
        throw new UnauthorizedException("a valid admin bearer token is required");
    }

    private void authorize(Actor.PartnerAdmin admin, Object handler, HttpServletRequest request) {
        if (!(handler instanceof HandlerMethod method)) {
            throw new NotFoundException("path", request.getRequestURI());
        }
        if (OperatorOnlyMarks.onHandler(method)) {
            throw new ForbiddenException("only the operator may do this");
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(
                HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        boolean namesAPartner = false;
        for (Map.Entry<String, String> variable : variables == null ? Map.<String, String>of().entrySet()
                : variables.entrySet()) {
            String kind = switch (variable.getKey()) {
                case "partnerId" -> "partner";
                case "systemId" -> "system";
                default -> null;
            };
            if (kind == null) {
                continue;
            }
            namesAPartner = true;
            Optional<UUID> id = uuid(variable.getValue());
            Optional<UUID> owner = kind.equals("partner") ? id : id.flatMap(partners::findPartnerIdOfSystem);
            if (!owner.equals(Optional.of(admin.partnerId()))) {
                throw new NotFoundException(kind, id.map(Object::toString).orElse(variable.getValue()));
            }
        }
        if (!namesAPartner) {
            throw new ForbiddenException("only the operator may do this");
        }
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
