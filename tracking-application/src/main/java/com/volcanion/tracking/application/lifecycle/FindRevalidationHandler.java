package com.volcanion.tracking.application.lifecycle;

import com.volcanion.tracking.application.NotFoundException;

import java.util.UUID;

public class FindRevalidationHandler {

    private final RevalidationJobs jobs;

    public FindRevalidationHandler(RevalidationJobs jobs) {
        this.jobs = jobs;
    }

    /** The partner's revalidation of that event name; another partner's (or name's) is not found. */
    public RevalidationJob handle(UUID partnerId, String eventName, UUID jobId) {
        return jobs.find(partnerId, eventName, jobId).orElseThrow(() -> new NotFoundException("revalidation", jobId));
    }
}
