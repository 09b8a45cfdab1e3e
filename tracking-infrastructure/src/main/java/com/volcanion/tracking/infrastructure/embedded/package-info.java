/**
 * The zero-install default: when no database is configured, an embedded PostgreSQL (data kept in a local
 * folder) and an embedded Redis are started and handed to Spring Boot as connection details. The production
 * image leaves these libraries out (they sit in their own jar layer), and then this package stays inactive.
 */
package com.volcanion.tracking.infrastructure.embedded;
