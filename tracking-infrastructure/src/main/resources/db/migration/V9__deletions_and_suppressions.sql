-- GDPR deletions (docs/api.md, "Data lifecycle"): a job per request, run by one node at a time in steps that each
-- commit on their own (docs/decisions.md, 38), so a job survives the death of the node running it.
create table write.deletion_jobs (
    id                   uuid         primary key,
    partner_id           uuid         not null references write.partners (id),
    user_ids             text[]       not null,
    anonymous_ids        text[]       not null,
    -- the anonymousIds the identity map linked to user_ids, gathered as the job runs (the map's rows go with them)
    linked_anonymous_ids text[]       not null default '{}',
    suppress             boolean      not null,
    status               varchar(16)  not null check (status in ('PENDING', 'RUNNING', 'FINISHED', 'FAILED')),
    deleted_events       bigint       not null default 0,
    failed_attempts      integer      not null default 0,
    failure              text,
    created_at           timestamptz  not null,
    finished_at          timestamptz
);
create index deletion_jobs_open_idx on write.deletion_jobs (created_at) where status in ('PENDING', 'RUNNING');

-- The unique-user sketch buckets a job's deleted events fell in, rebuilt from the remaining events before it finishes.
create table write.deletion_job_buckets (
    job_id            uuid         not null references write.deletion_jobs (id),
    granularity       char(1)      not null,
    bucket_start      timestamptz  not null,
    partner_system_id uuid         not null,
    event_name        varchar(200) not null,
    primary key (job_id, granularity, bucket_start, partner_system_id, event_name)
);

-- Ids whose later events are answered SUPPRESSED and not stored: an event is suppressed when its userId or its
-- anonymousId is listed for its partner.
create table write.suppressions (
    partner_id  uuid         not null references write.partners (id),
    subject     varchar(200) not null,
    deletion_id uuid         not null,
    created_at  timestamptz  not null,
    primary key (partner_id, subject)
);
