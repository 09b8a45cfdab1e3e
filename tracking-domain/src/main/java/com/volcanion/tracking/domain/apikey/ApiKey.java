package com.volcanion.tracking.domain.apikey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * A system's API key: {@code vt_} + 32 random base62 characters + a 6-character base62 checksum.
 * <p>
 * The checksum lets the service refuse a mistyped or made-up key without touching Redis or the database.
 * Only {@link #hash()} (SHA-256, hex) is ever stored; the plain value is shown to the partner once.
 * {@link #toString()} never reveals it.
 */
public final class ApiKey {

    public static final String PREFIX = "vt_";
    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final int LENGTH = PREFIX.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    private static final int DISPLAY_PREFIX_LENGTH = PREFIX.length() + 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
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
        StringBuilder body = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            body.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return new ApiKey(body + checksumOf(body));
    }

    /** The key when {@code candidate} has the right shape and checksum; empty for anything else. */
    public static Optional<ApiKey> parse(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return Optional.empty();
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (BASE62.indexOf(candidate.charAt(i)) < 0) {
                return Optional.empty();
            }
        }
        String body = candidate.substring(0, LENGTH - CHECKSUM_LENGTH);
        String checksum = candidate.substring(LENGTH - CHECKSUM_LENGTH);
        return checksumOf(body).equals(checksum) ? Optional.of(new ApiKey(candidate)) : Optional.empty();
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
        return value.substring(0, DISPLAY_PREFIX_LENGTH);
    }

    /** Compares two key hashes in time independent of where they differ. */
    public static boolean hashesMatch(String expectedHash, String actualHash) {
        if (expectedHash == null || actualHash == null) {
            return false;
        }
        return MessageDigest.isEqual(
                expectedHash.getBytes(StandardCharsets.US_ASCII), actualHash.getBytes(StandardCharsets.US_ASCII));
    }

    static String hashOf(String plainKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(plainKey.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    private static String checksumOf(CharSequence body) {
        CRC32 crc = new CRC32();
        crc.update(body.toString().getBytes(StandardCharsets.US_ASCII));
        long remaining = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) (remaining % BASE62.length()));
            remaining /= BASE62.length();
        }
        return new String(digits);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiKey key && MessageDigest.isEqual(
                key.value.getBytes(StandardCharsets.US_ASCII), value.getBytes(StandardCharsets.US_ASCII));
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
