-- Revalidation jobs (docs/api.md, "Data lifecycle"): the stored events of one name, checked again against the event
-- structure as it is now, in steps that each commit on their own (docs/decisions.md, 39).
create table write.revalidation_jobs (
    id              uuid         primary key,
    partner_id      uuid         not null references write.partners (id),
    event_name      varchar(200) not null,
    range_from      timestamptz,
    range_to        timestamptz,
    status          varchar(16)  not null check (status in ('PENDING', 'RUNNING', 'FINISHED', 'FAILED')),
    -- the structure's version the pass checks against; a newer one restarts the pass
    target_version  integer,
    -- the pass over the read model, newest event first: where it is, and when it began
    phase           varchar(16)  not null default 'READ_MODEL' check (phase in ('READ_MODEL', 'CATCH_UP')),
    after_timestamp timestamptz,
    after_id        bigint,
    started_at      timestamptz,
    checked         bigint       not null default 0,
    became_valid    bigint       not null default 0,
    became_invalid  bigint       not null default 0,
    failed_attempts integer      not null default 0,
    failure         text,
    created_at      timestamptz  not null,
    finished_at     timestamptz
);
create index revalidation_jobs_open_idx on write.revalidation_jobs (created_at) where status in ('PENDING', 'RUNNING');
