package com.volcanion.tracking.application.port;

/**
 * Tells a failure of the stores that may pass (the database unreachable, restarting, a timeout, a lock or a deadlock
 * lost: answered 503, the client retries) from a defect (answered 500). Implemented where the stores are known.
 */
public interface TransientFailures {

    boolean isTransient(Throwable failure);
}
