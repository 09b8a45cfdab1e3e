package com.volcanion.tracking.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Lets a request to the management and query APIs through only with {@code Authorization: Bearer <admin token>}.
 * Anything else, an ingestion key included, is the one 401 of {@link UnauthorizedException}.
 */
public class AdminAuthenticationInterceptor implements HandlerInterceptor {

    private static final String BEARER = "Bearer ";

    private final AdminToken adminToken;

    public AdminAuthenticationInterceptor(AdminToken adminToken) {
        this.adminToken = adminToken;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if ("OPTIONS".equals(request.getMethod())) {
            return true;
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean bearer = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        if (!bearer || !adminToken.matches(authorization.substring(BEARER.length()).strip())) {
            throw new UnauthorizedException("a valid admin bearer token is required");
        }
        return true;
    }
}
