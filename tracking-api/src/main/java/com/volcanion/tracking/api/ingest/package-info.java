/**
 * {@code /api/events/ingest} and {@code /api/events/batch}: API-key authentication, bounded body reading,
 * JSON parsing with limits, CORS for a system's allowed origins, and the answers of docs/api.md.
 */
package com.volcanion.tracking.api.ingest;
