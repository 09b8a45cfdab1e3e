package com.volcanion.tracking.infrastructure.persistence;

import org.springframework.dao.DataAccessResourceFailureException;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** What a failed write says: the database is unreachable, it refused the data itself, or something else. */
final class DatabaseFailures {

    private DatabaseFailures() {
    }

    /** The database cannot be reached (as opposed to refusing what was sent). */
    static boolean isUnreachable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException || cause instanceof SQLTransientConnectionException
                    || cause instanceof SQLNonTransientConnectionException || cause instanceof ConnectException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    /**
     * PostgreSQL refused the data itself and would refuse it again: a data exception (class 22), an integrity
     * constraint (23) or a program limit (54). Timeouts, lock waits, deadlocks and server trouble are not refusals.
     */
    static boolean isRefusal(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    /** A deadlock or serialization failure (class 40): the same statements may well succeed when tried again. */
    static boolean isTransactionConflict(Throwable failure) {
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
