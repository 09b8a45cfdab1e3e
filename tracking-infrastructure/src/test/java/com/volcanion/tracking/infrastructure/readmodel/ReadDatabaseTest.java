package com.volcanion.tracking.infrastructure.readmodel;

import com.volcanion.tracking.infrastructure.persistence.DatabaseFailures;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What sends a read from the replica to the primary, and what takes the replica out of use; WAL positions as numbers.
 * The replica itself (a real standby stopped, started and paused) is tried by the reliability suite's ReadReplicaIT.
 */
class ReadDatabaseTest {

    @Test
    void walPositionsReadAsTheNumbersTheyStandFor() {
        Random random = new Random(20261205);
        for (int i = 0; i < 10_000; i++) {
            long high = random.nextInt() & 0xFFFFFFFFL;
            long low = random.nextInt() & 0xFFFFFFFFL;
            assertThat(ReadDatabase.lsn(Long.toHexString(high).toUpperCase() + "/" + Long.toHexString(low).toUpperCase()))
                    .isEqualTo(high << 32 | low);
        }
        assertThat(ReadDatabase.lsn("0/0")).isZero();
        assertThat(ReadDatabase.lsn("0/16B3748")).isLessThan(ReadDatabase.lsn("1/0"));
    }

    @Test
    void aReplicaGoneOrTimedOutIsAFailureOfTheReplicaAndTakesItOutOfUse() {
        var gone = new DataAccessResourceFailureException("x", new PSQLException("refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT));
        var shuttingDown = new DataAccessResourceFailureException("x", new SQLException("terminating", "57P01"));
        var frozen = new DataAccessResourceFailureException("x",
                new PSQLException("I/O error", PSQLState.CONNECTION_FAILURE, new SocketTimeoutException("Read timed out")));
        var noConnection = new CannotCreateTransactionException("x", new SQLTransientConnectionException(
                "replica - Connection is not available", null, new PSQLException("refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)));
        for (Exception failure : new Exception[]{gone, shuttingDown, frozen, noConnection}) {
            assertThat(ReadDatabase.replicaFailure(failure)).as(failure.getCause().toString()).isTrue();
            assertThat(DatabaseFailures.isServerGone(failure)).as(failure.getCause().toString()).isTrue();
        }
    }

    @Test
    void aBusyReplicaOrAConflictWithRecoveryIsAnsweredByThePrimaryButLeavesTheReplicaInUse() {
        var poolExhausted = new CannotCreateTransactionException("x", new SQLTransientConnectionException(
                "replica - Connection is not available, request timed out after 1500ms."));
        var recoveryConflict = new CannotAcquireLockException("x",
                new SQLException("canceling statement due to conflict with recovery", "40001"));
        for (Exception failure : new Exception[]{poolExhausted, recoveryConflict}) {
            assertThat(ReadDatabase.replicaFailure(failure)).as(failure.getCause().toString()).isTrue();
            assertThat(DatabaseFailures.isServerGone(failure)).as(failure.getCause().toString()).isFalse();
        }
    }

    @Test
    void aReadTheDatabaseRefusesIsNotTheReplicasFailure() {
        var badValue = new DataIntegrityViolationException("x", new SQLException("invalid input syntax", "22P02"));
        var badStatement = new BadSqlGrammarException("read", "select", new SQLException("no such column", "42703"));
        assertThat(ReadDatabase.replicaFailure(badValue)).isFalse();
        assertThat(ReadDatabase.replicaFailure(badStatement)).isFalse();
    }
}
