package com.volcanion.tracking.infrastructure.persistence;

import com.volcanion.tracking.application.port.TransientFailures;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * What a failure of the database says, from PostgreSQL's SQLSTATE first (Spring's translation files classes 53, 54,
 * 57 and 58 with connection failures): the database is unreachable, it refused the data itself, the failure may pass
 * ({@link #isTransient}, the one answer to "503 or 500?" of the whole service), or something else.
 */
@Component
public class DatabaseFailures implements TransientFailures {

    /** Hikari's message (no SQL state) when a transaction ends on a connection the database already broke. */
    private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

    /**
     * Unreachable, shutting down or restarting (no connection to be had, class 08, 57P), out of resources (53), a
     * statement or lock timeout (57014, 55P03), a deadlock or serialization failure (40); without a SQL state, no
     * transaction or resource to be had at all. A SQL state of another class decides against (Spring files a program
     * limit, 54, as a resource failure: it is the data's fault, and would fail again).
     */
    @Override
    public boolean isTransient(Throwable failure) {
        if (isUnreachable(failure) || isTransactionConflict(failure)) {
            return true;
        }
        String state = sqlState(failure);
        if (state != null) {
            return state.startsWith("53") || state.equals("57014") || state.equals("55P03");
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CannotCreateTransactionException || cause instanceof TransientDataAccessException
                    || cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLException sql && HIKARI_CLOSED_CONNECTION.equals(sql.getMessage())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database cannot be reached or is shutting down (as opposed to refusing what was sent): no connection at all
     * (the pool's timeout, whatever state it copied from the last attempt, such as a refused password; a refused
     * socket), or a connection exception or shutdown by SQL state (08, 57P).
     */
    public static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
        }
        return isServerGone(failure);
    }

    /**
     * The server itself is gone or going, as opposed to a pool with no free connection: a refused socket, or a
     * connection exception (a socket that timed out is one: 08006) or shutdown by SQL state (08, 57P).
     */
    public static boolean isServerGone(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        String state = sqlState(failure);
        return state != null && (state.startsWith("08") || state.startsWith("57P"));
    }

    /**
     * PostgreSQL refused the values themselves and would refuse them again: a data exception (class 22: a value out of
     * range, text the database encoding cannot hold, malformed JSON...) or a program limit (54: a value too large to
     * index or store). Constraint violations (23) are not: the service's own rows cause them, not a client's values.
     * Timeouts, lock waits, deadlocks and server trouble are not refusals either.
     */
    static boolean isRefusal(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("54"));
    }

    /** A deadlock or serialization failure (class 40): the same statements may well succeed when tried again. */
    public static boolean isTransactionConflict(Throwable failure) {
        String state = sqlState(failure);
        return state != null && state.startsWith("40");
    }

    /** The refusal as a client may read it: the SQL state and the server's message, first line, at most 200 chars. */
    static String refusalReason(Throwable failure) {
        SQLException sql = sqlException(failure);
        String message = sql == null || sql.getMessage() == null ? "" : sql.getMessage().lines().findFirst().orElse("");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return "the database cannot store this event (SQLSTATE " + sqlState(failure) + ": " + message + ")";
    }

    private static String sqlState(Throwable failure) {
        SQLException sql = sqlException(failure);
        return sql == null ? null : sql.getSQLState();
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }
}
