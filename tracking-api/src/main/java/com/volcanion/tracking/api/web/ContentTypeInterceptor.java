package com.volcanion.tracking.api.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * A {@code Content-Type} that names no single media type (a wildcard such as {@code application/*}, or text that
 * is no media type at all) is answered 415 before any body is read: Spring MVC would otherwise fail on it while
 * reading a request body, as a 500.
 */
class ContentTypeInterceptor implements HandlerInterceptor {

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws HttpMediaTypeNotSupportedException {
        String contentType = request.getContentType();
        if (contentType == null) {
            return true;
        }
        MediaType mediaType;
        try {
            mediaType = MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            throw new HttpMediaTypeNotSupportedException("Content-Type is not a media type: " + e.getMessage());
        }
        if (!mediaType.isConcrete()) {
            throw new HttpMediaTypeNotSupportedException("Content-Type must name one media type, not a wildcard");
        }
        return true;
    }
}
