package com.volcanion.tracking.api.ingest;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Finds the API key of a request: {@code X-Api-Key}, or {@code Authorization: Basic base64(key:)} (Segment's way). */
final class ApiKeyCredentials {

    static final String HEADER = "X-Api-Key";
    private static final String BASIC = "Basic ";

    private ApiKeyCredentials() {
    }

    /** The presented key, or null when the request carries none in either form. */
    static String presentedKey(HttpServletRequest request) {
        String header = request.getHeader(HEADER);
        if (header != null && !header.isBlank()) {
            return header.strip();
        }
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
