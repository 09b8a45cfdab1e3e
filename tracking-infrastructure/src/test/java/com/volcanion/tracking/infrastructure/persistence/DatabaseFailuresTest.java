package com.volcanion.tracking.infrastructure.persistence;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQLSTATE decides, not Spring's translation (which files classes 53, 54, 57 and 58 as resource failures). */
class DatabaseFailuresTest {

    private final DatabaseFailures failures = new DatabaseFailures();

    @Test
    void aProgramLimitIsTheDataRefusedNotTheDatabaseUnreachable() {
        var indexRowTooLarge = new DataAccessResourceFailureException("insert", new SQLException("index row too large", "54000"));

        assertThat(DatabaseFailures.isUnreachable(indexRowTooLarge)).isFalse();
        assertThat(DatabaseFailures.isRefusal(indexRowTooLarge)).isTrue();
    }

    @Test
    void connectionFailuresAndShutdownsAreUnreachable() {
        assertThat(DatabaseFailures.isUnreachable(new DataAccessResourceFailureException("x",
                new SQLException("connection refused", "08001")))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new DataAccessResourceFailureException("x",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(DatabaseFailures.isUnreachable(new DataAccessResourceFailureException("x",
                new SQLTransientConnectionException("pool timed out")))).isTrue();
    }

    /** Hikari's timeout copies the SQL state of its last attempt: a refused password is still "no connection". */
    @Test
    void noConnectionIsUnreachableWhateverStateThePoolCopied() {
        var poolTimeout = new CannotGetJdbcConnectionException("x",
                new SQLTransientConnectionException("Connection is not available", "28P01"));
        assertThat(DatabaseFailures.isUnreachable(poolTimeout)).isTrue();
        assertThat(failures.isTransient(poolTimeout)).isTrue();
    }

    @Test
    void transientFailuresAreThoseThatMayPass() {
        assertThat(failures.isTransient(new QueryTimeoutException("x",
                new SQLException("canceling statement due to statement timeout", "57014")))).isTrue();
        assertThat(failures.isTransient(new CannotAcquireLockException("x",
                new SQLException("could not obtain lock", "55P03")))).isTrue();
        assertThat(failures.isTransient(new DataAccessResourceFailureException("x",
                new SQLException("too many connections", "53300")))).isTrue();
        assertThat(failures.isTransient(new CannotCreateTransactionException("no connection"))).isTrue();
        assertThat(failures.isTransient(new DataAccessResourceFailureException("no state"))).isTrue();

        assertThat(failures.isTransient(new DataAccessResourceFailureException("insert",
                new SQLException("index row too large", "54000")))).as("the data's fault").isFalse();
        assertThat(failures.isTransient(new DataIntegrityViolationException("x",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(failures.isTransient(new IllegalStateException("a defect"))).isFalse();
    }

    @Test
    void onlyDataExceptionsAndProgramLimitsBlameTheEvent() {
        assertThat(DatabaseFailures.isRefusal(new DataIntegrityViolationException("x",
                new SQLException("date/time field value out of range", "22008")))).isTrue();
        assertThat(DatabaseFailures.isRefusal(new DataIntegrityViolationException("x",
                new SQLException("null value violates not-null constraint", "23502")))).isFalse();
        assertThat(DatabaseFailures.isRefusal(new DataIntegrityViolationException("x",
                new SQLException("no partition of relation found for row", "23514")))).isFalse();
        assertThat(DatabaseFailures.isRefusal(new DataAccessResourceFailureException("x",
                new SQLException("canceling statement due to statement timeout", "57014")))).isFalse();
    }
}
