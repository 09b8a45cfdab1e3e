package com.volcanion.tracking.domain.credential;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * A partner admin's bearer token: {@code vtp_} + 32 random base62 characters + a 6-character checksum
 * ({@link SecretFormat}). It lets its holder manage and read one partner. Only {@link #hash()} is stored; the plain
 * value is shown once, when issued. {@link #toString()} never reveals it.
 */
public final class PartnerToken {

    public static final String PREFIX = "vtp_";
    private static final SecretFormat FORMAT = new SecretFormat(PREFIX);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String value;

    private PartnerToken(String value) {
        this.value = value;
    }

    public static PartnerToken generate() {
        return new PartnerToken(FORMAT.generate(RANDOM));
    }

    /** The token when {@code candidate} has the right shape and checksum; empty for anything else. */
    public static Optional<PartnerToken> parse(String candidate) {
        return FORMAT.isWellFormed(candidate) ? Optional.of(new PartnerToken(candidate)) : Optional.empty();
    }

    /** The plain token, to be shown to its holder exactly once. */
    public String value() {
        return value;
    }

    public String hash() {
        return SecretFormat.sha256Hex(value);
    }

    public String displayPrefix() {
        return FORMAT.displayPrefix(value);
    }

    @Override
    public String toString() {
        return "PartnerToken[" + displayPrefix() + "…]";
    }
}
