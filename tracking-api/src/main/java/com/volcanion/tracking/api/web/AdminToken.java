package com.volcanion.tracking.api.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/** The management API's bearer token. Compared in constant time; never printed. */
public final class AdminToken {

    private final byte[] token;

    public AdminToken(String token) {
        this.token = Objects.requireNonNull(token).getBytes(StandardCharsets.UTF_8);
    }

    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminToken[****]";
    }
}
