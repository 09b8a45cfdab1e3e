/**
 * The seams several use cases share, implemented by tracking-infrastructure: the partner repository, the publisher
 * of the partner aggregate's events, and the one answer to "may this failure pass?". A port that one use case alone
 * needs lives beside it (the ingestion ports in {@code application.ingest}, the read side's in
 * {@code application.query}, the schema checker in {@code application.structure}), so that no use-case package and
 * this one depend on each other. Named by role (no Port suffix), taking and returning domain types or views.
 */
package com.volcanion.tracking.application.port;
