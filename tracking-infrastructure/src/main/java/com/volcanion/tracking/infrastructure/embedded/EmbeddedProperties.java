package com.volcanion.tracking.infrastructure.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * The embedded default ({@code tracking.embedded.*}), used when no {@code spring.datasource.url} is configured.
 *
 * @param enabled {@code false} forbids the embedded servers even without a datasource URL (the service then fails
 *                to start for want of a database rather than start one nobody asked for)
 * @param dataDir where the embedded PostgreSQL keeps its data between runs; a relative path is relative to the
 *                working directory
 */
@ConfigurationProperties("tracking.embedded")
public record EmbeddedProperties(@DefaultValue("true") boolean enabled, @DefaultValue("./data/postgres") Path dataDir) {
}
