package com.volcanion.tracking.application.lifecycle;

import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.Require;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Accepts a GDPR deletion: checks the ids, stores the job (and, with {@code suppress}, the suppressions, which hold
 * from this commit on) and its audit record in one transaction. The job runs in the background.
 */
public class RequestDeletionHandler {

    /** How many ids one request may name, userIds and anonymousIds together. */
    public static final int MAX_IDS = 5000;
    /** As long as a stored userId or anonymousId may be. */
    static final int MAX_ID_LENGTH = 200;

    private final PartnerRepository partners;
    private final DeletionJobs jobs;
    private final AuditTrail audit;
    private final Clock clock;

    public RequestDeletionHandler(PartnerRepository partners, DeletionJobs jobs, AuditTrail audit, Clock clock) {
        this.partners = partners;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public DeletionJob handle(RequestDeletionCommand command) {
        List<String> userIds = ids("userIds", command.userIds());
        List<String> anonymousIds = ids("anonymousIds", command.anonymousIds());
        int total = userIds.size() + anonymousIds.size();
        if (total == 0 || total > MAX_IDS) {
            throw new DomainRuleViolation("userIds", "userIds and anonymousIds must name 1 to " + MAX_IDS
                    + " ids together, not " + total);
        }
        partners.require(command.partnerId());
        boolean suppress = Boolean.TRUE.equals(command.suppress());
        DeletionJob job = new DeletionJob(UUID.randomUUID(), command.partnerId(), userIds, anonymousIds, suppress,
                JobStatus.PENDING, 0, clock.instant(), null);
        jobs.add(job);
        // the trail names the job, never the persons: it outlives the deletion
        audit.record(command.actor(), command.partnerId(), new AuditEntry("deletion.requested", "deletion:" + job.id(),
                AuditEntry.details("userIds", userIds.size(), "anonymousIds", anonymousIds.size(), "suppress", suppress)));
        return job;
    }

    /** The ids as given (they must match stored ids exactly), each once. */
    private static List<String> ids(String field, List<String> ids) {
        if (ids == null) {
            return List.of();
        }
        if (ids.size() > MAX_IDS) {
            throw new DomainRuleViolation(field, "at most " + MAX_IDS + " ids");
        }
        LinkedHashSet<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            String name = field + "[" + i + "]";
            if (id == null || id.isEmpty()) {
                throw new DomainRuleViolation(name, "must not be empty");
            }
            distinct.add(Require.storable(name, id, MAX_ID_LENGTH));
        }
        return new ArrayList<>(distinct);
    }
}
