-- Where the projector is: the (transaction id, seq) of the last write-side event it copied.
create table read.projection_cursor (
    name        varchar(64) primary key,
    last_tx_id  xid8        not null,
    last_seq    bigint      not null,
    updated_at  timestamptz not null
);
insert into read.projection_cursor (name, last_tx_id, last_seq, updated_at)
values ('tracking_events', '0'::xid8, 0, now());

-- Hourly counts per system and event name, maintained by the projector in the transaction that projects the
-- events: statistics read O(buckets) rows, never O(events).
create table read.event_stats_hourly (
    partner_id        uuid         not null,
    bucket_start      timestamptz  not null,
    partner_system_id uuid         not null,
    event_name        varchar(200) not null,
    event_count       bigint       not null,
    invalid_count     bigint       not null,
    primary key (partner_id, bucket_start, partner_system_id, event_name)
);

-- HyperLogLog sketches of distinct coalesce(user_id, anonymous_id), per system, event name and hour ('H') or
-- day ('D'), mergeable across any set of buckets.
create table read.unique_user_sketches (
    partner_id        uuid         not null,
    granularity       char(1)      not null check (granularity in ('H', 'D')),
    bucket_start      timestamptz  not null,
    partner_system_id uuid         not null,
    event_name        varchar(200) not null,
    sketch            bytea        not null,
    primary key (partner_id, granularity, bucket_start, partner_system_id, event_name)
);
