package com.volcanion.tracking.domain.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.zip.CRC32;

/**
 * The shape every secret the service hands out shares: a prefix naming its kind ({@code vt_} for API keys,
 * {@code vtp_} for partner tokens), 32 random base62 characters, and a 6-character base62 checksum (CRC32 of what
 * comes before). The checksum lets the service refuse a mistyped or made-up secret without asking a database; the
 * prefix lets secret scanners, and people, tell the kinds apart. Only {@link #sha256Hex} of a secret is ever stored.
 */
public final class SecretFormat {

    private static final int RANDOM_LENGTH = 32;
    private static final int CHECKSUM_LENGTH = 6;
    private static final int DISPLAYED_RANDOM_CHARACTERS = 6;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private final String prefix;
    private final int length;

    public SecretFormat(String prefix) {
        this.prefix = prefix;
        this.length = prefix.length() + RANDOM_LENGTH + CHECKSUM_LENGTH;
    }

    /** A new secret of this kind from {@code random} (a cryptographically strong source outside tests). */
    public String generate(SecureRandom random) {
        StringBuilder body = new StringBuilder(prefix);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            body.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return body + checksumOf(body);
    }

    /** Whether {@code candidate} has this kind's prefix, length, alphabet and a matching checksum. */
    public boolean isWellFormed(String candidate) {
        if (candidate == null || candidate.length() != length || !candidate.startsWith(prefix)) {
            return false;
        }
        for (int i = prefix.length(); i < length; i++) {
            if (BASE62.indexOf(candidate.charAt(i)) < 0) {
                return false;
            }
        }
        return checksumOf(candidate.substring(0, length - CHECKSUM_LENGTH))
                .equals(candidate.substring(length - CHECKSUM_LENGTH));
    }

    /** The prefix and the first random characters: safe to show so that an owner can tell secrets apart. */
    public String displayPrefix(String secret) {
        return secret.substring(0, prefix.length() + DISPLAYED_RANDOM_CHARACTERS);
    }

    /** SHA-256 of the secret in lowercase hex: what the database and caches know a secret by. */
    public static String sha256Hex(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM ships SHA-256", e);
        }
    }

    /** Compares two ASCII strings in time independent of where they differ; false when either is null. */
    public static boolean constantTimeEquals(String expected, String actual) {
        return expected != null && actual != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
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
}
