/**
 * Adapters that implement the application's ports: PostgreSQL through JPA (management aggregates) and JDBC
 * (the ingestion hot path), Flyway migrations, Redis, JSON Schema validation, and the embedded servers of
 * the zero-install default. Spring lives here; nothing in the domain or application depends on it.
 */
package com.volcanion.tracking.infrastructure;
