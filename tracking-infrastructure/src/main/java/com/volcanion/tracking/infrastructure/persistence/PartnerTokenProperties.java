package com.volcanion.tracking.infrastructure.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Partner tokens ({@code tracking.partner-tokens.*}).
 *
 * @param lastUsedWriteInterval how often a node writes the last use of the tokens used since, in one statement
 */
@ConfigurationProperties("tracking.partner-tokens")
public record PartnerTokenProperties(@DefaultValue("10s") Duration lastUsedWriteInterval) {

    public PartnerTokenProperties {
        if (lastUsedWriteInterval.isNegative() || lastUsedWriteInterval.isZero()) {
            throw new IllegalArgumentException("tracking.partner-tokens.last-used-write-interval must be positive");
        }
    }
}
