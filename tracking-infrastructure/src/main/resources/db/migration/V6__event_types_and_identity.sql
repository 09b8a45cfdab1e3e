-- docs/api.md (v2): every event has the type of the call it came from; version 1's endpoints store TRACK.
-- The rows already stored hold the default, so the check is added NOT VALID: checked for every new row, without a
-- scan of the whole table under the exclusive lock the migration holds.
alter table write.tracking_events add column type varchar(8) not null default 'TRACK';
alter table write.tracking_events add constraint tracking_events_type_check
    check (type in ('TRACK', 'PAGE', 'SCREEN', 'IDENTIFY', 'GROUP', 'ALIAS')) not valid;
alter table read.tracking_events_read_model add column type varchar(8) not null default 'TRACK';

-- Users and identity (docs/api.md v2, DESIGN "Persons"): kept by the group commit in the transaction that stores the
-- identify or alias call, carried to the read side by the projector.
-- A profile per partner and userId: traits merged (per key, the value of the call latest by event time; traits_at
-- holds that call's time per key, in epoch seconds), the time span of its identify and alias calls, and the
-- anonymousIds (or alias previousIds) the identity map links to it, the first 1000 of them.
create table write.user_profiles (
    partner_id    uuid         not null references write.partners (id),
    user_id       varchar(200) not null,
    traits        jsonb        not null default '{}',
    traits_at     jsonb        not null default '{}',
    anonymous_ids text[]       not null default '{}',
    first_seen    timestamptz  not null,
    last_seen     timestamptz  not null,
    primary key (partner_id, user_id)
);

-- The identity map: an anonymousId belongs to the first userId it was linked with.
create table write.identity_links (
    partner_id   uuid         not null references write.partners (id),
    anonymous_id varchar(200) not null,
    user_id      varchar(200) not null,
    linked_at    timestamptz  not null,
    primary key (partner_id, anonymous_id)
);
-- the projector carries a user's links to the read side
create index identity_links_by_user on write.identity_links (partner_id, user_id);

create table read.user_profiles (
    partner_id    uuid         not null,
    user_id       varchar(200) not null,
    traits        jsonb        not null,
    anonymous_ids text[]       not null,
    first_seen    timestamptz  not null,
    last_seen     timestamptz  not null,
    primary key (partner_id, user_id)
);

create table read.identity_links (
    partner_id   uuid         not null,
    anonymous_id varchar(200) not null,
    user_id      varchar(200) not null,
    linked_at    timestamptz  not null,
    primary key (partner_id, anonymous_id)
);
create index identity_links_by_user on read.identity_links (partner_id, user_id);
