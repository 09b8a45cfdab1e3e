package com.volcanion.tracking.application.ingest;


import java.time.Instant;
import java.util.Optional;

/** The database's answer to "which system does this key hash identify?". */
public interface SystemCredentials {

    /**
     * The system whose current key has this hash, or whose previous key has it and is still in its grace
     * period at {@code now}; active flags included whatever their value.
     */
    Optional<SystemCredential> findByKeyHash(String keyHash, Instant now);
}
