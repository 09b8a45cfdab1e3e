/**
 * Event ingestion: authenticating a system by its API key, checking each event against its event structure,
 * and storing events (invalid ones too) exactly once per (system, messageId).
 */
package com.volcanion.tracking.application.ingest;
