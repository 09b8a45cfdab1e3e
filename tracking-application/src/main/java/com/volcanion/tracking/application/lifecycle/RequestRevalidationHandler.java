package com.volcanion.tracking.application.lifecycle;

import com.volcanion.tracking.application.Actor;
import com.volcanion.tracking.application.NotFoundException;
import com.volcanion.tracking.application.port.AuditEntry;
import com.volcanion.tracking.application.port.AuditTrail;
import com.volcanion.tracking.application.port.PartnerRepository;
import com.volcanion.tracking.domain.DomainRuleViolation;
import com.volcanion.tracking.domain.event.EventTime;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Accepts a revalidation of the stored events of an event name that has a structure, with its audit record, in one
 * transaction; the job runs in the background.
 */
public class RequestRevalidationHandler {

    private final PartnerRepository partners;
    private final RevalidationJobs jobs;
    private final AuditTrail audit;
    private final Clock clock;

    public RequestRevalidationHandler(PartnerRepository partners, RevalidationJobs jobs, AuditTrail audit, Clock clock) {
        this.partners = partners;
        this.jobs = jobs;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public RevalidationJob handle(Actor actor, UUID partnerId, String eventName, Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new DomainRuleViolation("from", "must be before to");
        }
        if (partners.require(partnerId).eventStructure(eventName).isEmpty()) {
            throw new NotFoundException("event structure", eventName);
        }
        RevalidationJob job = new RevalidationJob(UUID.randomUUID(), partnerId, eventName, EventTime.clamp(from),
                EventTime.clamp(to), JobStatus.PENDING, 0, 0, 0, clock.instant(), null);
        jobs.add(job);
        audit.record(actor, partnerId, new AuditEntry("revalidation.requested", "event-structure:" + eventName,
                AuditEntry.details("revalidation", job.id().toString(), "from", from == null ? null : from.toString(),
                        "to", to == null ? null : to.toString())));
        return job;
    }
}
