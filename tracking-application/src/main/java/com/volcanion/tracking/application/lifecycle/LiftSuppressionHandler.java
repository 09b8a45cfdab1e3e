package com.volcanion.tracking.application.lifecycle;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.domain.Require;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/** Lets the later events of a suppressed userId or anonymousId be stored again, from this commit on. */
public class LiftSuppressionHandler {

    private final DeletionJobs jobs;
    private final AuditTrail audit;

    public LiftSuppressionHandler(DeletionJobs jobs, AuditTrail audit) {
        this.jobs = jobs;
        this.audit = audit;
    }

    @Transactional
    public void handle(Actor actor, UUID partnerId, String subject) {
        Require.storable("id", subject);
        if (!jobs.liftSuppression(partnerId, subject)) {
            throw new NotFoundException("suppression", "of that id");
        }
        // the trail names the id by a digest: it outlives the person's data
        audit.record(actor, partnerId, new AuditEntry("suppression.lifted", "suppression:" + digest(subject),
                java.util.Map.of()));
    }

    /** The first 16 hex digits of the id's SHA-256: tells two lifts apart without keeping the id. */
    static String digest(String subject) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(subject.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
