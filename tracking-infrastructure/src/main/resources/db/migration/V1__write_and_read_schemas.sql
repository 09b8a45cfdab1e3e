-- Write side: what the management API and ingestion change. Read side: what queries and statistics read.
create schema if not exists write;
create schema if not exists read;

create table write.partners (
    id          uuid primary key,
    name        varchar(200) not null,
    email       varchar(320) not null,
    active      boolean      not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0,
    constraint partners_email_key unique (email)
);
create index partners_created_at_idx on write.partners (created_at, id);

create table write.partner_systems (
    id                       uuid primary key,
    partner_id               uuid         not null references write.partners (id),
    name                     varchar(200) not null,
    type                     varchar(32)  not null
        check (type in ('WEBSITE', 'IOS_APP', 'ANDROID_APP', 'BACKEND_SERVICE')),
    active                   boolean      not null,
    api_key_hash             char(64)     not null,
    api_key_prefix           varchar(16)  not null,
    previous_api_key_hash    char(64),
    previous_key_valid_until timestamptz,
    allowed_origins          text[]       not null default '{}',
    created_at               timestamptz  not null,
    updated_at               timestamptz  not null,
    constraint partner_systems_api_key_hash_key unique (api_key_hash),
    constraint partner_systems_grace_pair check ((previous_api_key_hash is null) = (previous_key_valid_until is null))
);
create index partner_systems_partner_idx on write.partner_systems (partner_id);
create index partner_systems_previous_key_idx on write.partner_systems (previous_api_key_hash)
    where previous_api_key_hash is not null;

create table write.partner_event_structures (
    id          uuid primary key,
    partner_id  uuid         not null references write.partners (id),
    event_name  varchar(200) not null,
    -- text, not jsonb: the canonical text the service wrote is kept byte for byte, so comparing it tells
    -- a real change from a resubmission (jsonb would reorder keys); the check still guarantees a JSON object
    schema      text         not null check (jsonb_typeof(schema::jsonb) = 'object'),
    version     integer      not null check (version >= 1),
    description varchar(2000),
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    constraint partner_event_structures_name_key unique (partner_id, event_name)
);

-- Every event ever accepted. The unique key makes dedup exact; tx_id lets the projector read in commit
-- order without skipping (see docs/architecture.md).
create table write.tracking_events (
    id                uuid primary key,
    seq               bigint generated always as identity,
    tx_id             xid8         not null default pg_current_xact_id(),
    partner_id        uuid         not null references write.partners (id),
    partner_system_id uuid         not null references write.partner_systems (id),
    message_id        varchar(100) not null,
    event_name        varchar(200) not null,
    event_timestamp   timestamptz  not null,
    client_timestamp  timestamptz,
    sent_at           timestamptz,
    received_at       timestamptz  not null,
    user_id           varchar(200),
    anonymous_id      varchar(200),
    properties        jsonb        not null,
    context           jsonb,
    valid             boolean      not null,
    validation_errors jsonb,
    schema_version    integer,
    correlation_id    varchar(128),
    constraint tracking_events_message_key unique (partner_system_id, message_id)
);
create index tracking_events_tx_idx on write.tracking_events (tx_id, seq);

-- The denormalized read model: partner and system names copied in, no joins at query time.
create table read.tracking_events_read_model (
    id                bigint generated always as identity primary key,
    tracking_event_id uuid         not null,
    partner_id        uuid         not null,
    partner_name      varchar(200) not null,
    partner_system_id uuid         not null,
    system_name       varchar(200) not null,
    event_name        varchar(200) not null,
    event_timestamp   timestamptz  not null,
    user_id           varchar(200),
    anonymous_id      varchar(200),
    properties        jsonb        not null,
    valid             boolean      not null,
    validation_errors jsonb,
    correlation_id    varchar(128),
    received_at       timestamptz  not null,
    processed_at      timestamptz  not null,
    constraint tracking_events_read_model_event_key unique (tracking_event_id)
);
create index read_model_partner_time_idx on read.tracking_events_read_model (partner_id, event_timestamp desc, id desc);
create index read_model_system_time_idx on read.tracking_events_read_model (partner_system_id, event_timestamp desc, id desc);
create index read_model_event_name_time_idx on read.tracking_events_read_model (event_name, event_timestamp desc);
create index read_model_user_idx on read.tracking_events_read_model (user_id) where user_id is not null;
create index read_model_anonymous_idx on read.tracking_events_read_model (anonymous_id) where anonymous_id is not null;
