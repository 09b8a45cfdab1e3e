package com.volcanion.tracking.application.lifecycle;

import com.volcanion.tracking.application.NotFoundException;

import java.util.UUID;

public class FindDeletionHandler {

    private final DeletionJobs jobs;

    public FindDeletionHandler(DeletionJobs jobs) {
        this.jobs = jobs;
    }

    /** The partner's deletion job; another partner's is not found. */
    public DeletionJob handle(UUID partnerId, UUID jobId) {
        return jobs.find(partnerId, jobId).orElseThrow(() -> new NotFoundException("deletion", jobId));
    }
}
