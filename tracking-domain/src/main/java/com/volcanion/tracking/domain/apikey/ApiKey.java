package com.volcanion.tracking.domain.apikey;

import com.volcanion.tracking.domain.credential.SecretFormat;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * A system's API key: {@code vt_} + 32 random base62 characters + a 6-character base62 checksum
 * ({@link SecretFormat}).
 * <p>
 * The checksum lets the service refuse a mistyped or made-up key without touching Redis or the database.
 * Only {@link #hash()} (SHA-256, hex) is ever stored; the plain value is shown to the partner once.
 * {@link #toString()} never reveals it.
 */
public final class ApiKey {

    public static final String PREFIX = "vt_";
    private static final SecretFormat FORMAT = new SecretFormat(PREFIX);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** Issues a new key from a cryptographically strong random source. */
    public static ApiKey generate() {
        return generate(RANDOM);
    }

    static ApiKey generate(SecureRandom random) {
        return new ApiKey(FORMAT.generate(random));
    }

    /** The key when {@code candidate} has the right shape and checksum; empty for anything else. */
    public static Optional<ApiKey> parse(String candidate) {
        return FORMAT.isWellFormed(candidate) ? Optional.of(new ApiKey(candidate)) : Optional.empty();
    }

    /** The plain key, to be shown to its owner exactly once. */
    public String value() {
        return value;
    }

    /** SHA-256 of the key in lowercase hex: what the database and the cache know the key by. */
    public String hash() {
        return hashOf(value);
    }

    /** The first characters, safe to display so a partner can tell its keys apart. */
    public String displayPrefix() {
        return FORMAT.displayPrefix(value);
    }

    /** Compares two key hashes in time independent of where they differ. */
    public static boolean hashesMatch(String expectedHash, String actualHash) {
        return SecretFormat.constantTimeEquals(expectedHash, actualHash);
    }

    static String hashOf(String plainKey) {
        return SecretFormat.sha256Hex(plainKey);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && SecretFormat.constantTimeEquals(key.value, value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "ApiKey[" + displayPrefix() + "…]";
    }
}
