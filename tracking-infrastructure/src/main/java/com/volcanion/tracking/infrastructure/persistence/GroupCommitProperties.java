package com.volcanion.tracking.infrastructure.persistence;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Group commit of ingested events ({@code tracking.ingest.group-commit.*}).
 *
 * @param maxWait          how long a writer gathers requests before committing what it has
 * @param maxEvents        most events in one transaction (a bigger request is written alone)
 * @param writers          transactions in flight at once
 * @param queueCapacity    requests waiting for a writer; beyond it requests get 503 at once: the back-pressure
 * @param requestTimeout   longest a request waits in the queue: a request no writer has taken by then is withdrawn
 *                         and answered 503 (not stored). Generous, so that load alone never reaches it (a busy
 *                         machine answers late, not 503); it is there for a database that stopped answering while
 *                         the circuit breaker still lets requests in
 * @param statementTimeout PostgreSQL's {@code statement_timeout} and {@code lock_timeout} for each statement of a
 *                         group's transaction: it bounds how long a request whose group is in flight waits for
 *                         the outcome
 */
@ConfigurationProperties("tracking.ingest.group-commit")
public record GroupCommitProperties(@DefaultValue("2ms") Duration maxWait, @DefaultValue("2000") int maxEvents,
                                    @DefaultValue("4") int writers, @DefaultValue("10000") int queueCapacity,
                                    @DefaultValue("10s") Duration requestTimeout,
                                    @DefaultValue("2s") Duration statementTimeout) {
}
