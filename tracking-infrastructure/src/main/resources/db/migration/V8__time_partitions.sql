-- Storage that grows (docs/decisions.md, 37): the events table and the read model become range-partitioned by
-- received_at, one partition a calendar month (UTC), plus a default partition that catches any row no month partition
-- holds yet (PartitionMaintainer moves such rows into their month's partition). Retention drops whole month
-- partitions. The rows already stored are copied over, unchanged, with the projector's (tx_id, seq) order kept.
--
-- A partitioned table's unique keys must hold the partition key, so exact dedup moves to write.tracking_event_keys:
-- one row per stored event, written in the same statement, deleted in the transaction that drops its event's partition.

-- The month partitions of a table (named <table>_pYYYY_MM): one for every month that holds a row of the table it is
-- filled from, and for the current month and the next two (a stray old row does not make every month between).
create function pg_temp.create_month_partitions(parent text, filled_from text)
    returns void language plpgsql as $$
declare
    month timestamptz;
begin
    for month in execute format('select distinct date_trunc(''month'', received_at, ''UTC'') from %s', filled_from)
                 || ' union select date_trunc(''month'', now() + m * interval ''1 month'', ''UTC'') from generate_series(0, 2) m'
    loop
        execute format('create table %s_p%s partition of %s for values from (%L) to (%L)', parent,
                       to_char(month at time zone 'UTC', 'YYYY_MM'), parent, month,
                       (month at time zone 'UTC' + interval '1 month') at time zone 'UTC');
    end loop;
end $$;

-- ---------------------------------------------------------------------------------------------------------------
-- write.tracking_events: the table of version 7 is renamed, the partitioned one takes its name, the rows are copied
alter table write.tracking_events rename to tracking_events_v7;
create table write.tracking_events (
    id                uuid         not null,
    seq               bigint       not null,
    tx_id             xid8         not null default pg_current_xact_id(),
    partner_id        uuid         not null,
    partner_system_id uuid         not null,
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
    type              varchar(8)   not null default 'TRACK'
        constraint tracking_events_type_check check (type in ('TRACK', 'PAGE', 'SCREEN', 'IDENTIFY', 'GROUP', 'ALIAS'))
) partition by range (received_at);
create table write.tracking_events_default partition of write.tracking_events default;
select pg_temp.create_month_partitions('write.tracking_events', 'write.tracking_events_v7');

insert into write.tracking_events (id, seq, tx_id, partner_id, partner_system_id, message_id, event_name,
    event_timestamp, client_timestamp, sent_at, received_at, user_id, anonymous_id, properties, context, valid,
    validation_errors, schema_version, correlation_id, type)
select id, seq, tx_id, partner_id, partner_system_id, message_id, event_name, event_timestamp, client_timestamp, sent_at,
       received_at, user_id, anonymous_id, properties, context, valid, validation_errors, schema_version, correlation_id,
       type
from write.tracking_events_v7;

-- Exact dedup, for as long as the events are kept: the (system, messageId) of every stored event, and its id. A key
-- is deleted in the transaction that drops (or deletes) its event.
create table write.tracking_event_keys (
    partner_system_id uuid         not null,
    message_id        varchar(100) not null,
    event_id          uuid         not null,
    primary key (partner_system_id, message_id)
);
insert into write.tracking_event_keys (partner_system_id, message_id, event_id)
select partner_system_id, message_id, id from write.tracking_events_v7;

drop table write.tracking_events_v7;
-- seq goes on from where the identity column of version 7 stood
create sequence write.tracking_events_seq_seq;
select setval('write.tracking_events_seq_seq', coalesce((select max(seq) from write.tracking_events), 0) + 1, false);
alter sequence write.tracking_events_seq_seq owned by write.tracking_events.seq;
alter table write.tracking_events alter column seq set default nextval('write.tracking_events_seq_seq');

alter table write.tracking_events add constraint tracking_events_pkey primary key (id, received_at);
create index tracking_events_tx_idx on write.tracking_events (tx_id, seq);
alter table write.tracking_events add constraint tracking_events_partner_fkey
    foreign key (partner_id) references write.partners (id);
alter table write.tracking_events add constraint tracking_events_partner_system_fkey
    foreign key (partner_system_id) references write.partner_systems (id);

-- ---------------------------------------------------------------------------------------------------------------
-- read.tracking_events_read_model; its indexes lead with partner_id (DESIGN: scoped by partner first)
alter table read.tracking_events_read_model rename to tracking_events_read_model_v7;
create table read.tracking_events_read_model (
    id                bigint       not null,
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
    message_id        varchar(100) not null,
    context           jsonb,
    type              varchar(8)   not null default 'TRACK'
) partition by range (received_at);
create table read.tracking_events_read_model_default partition of read.tracking_events_read_model default;
select pg_temp.create_month_partitions('read.tracking_events_read_model', 'read.tracking_events_read_model_v7');

insert into read.tracking_events_read_model (id, tracking_event_id, partner_id, partner_name,
    partner_system_id, system_name, event_name, event_timestamp, user_id, anonymous_id, properties, valid,
    validation_errors, correlation_id, received_at, processed_at, message_id, context, type)
select id, tracking_event_id, partner_id, partner_name, partner_system_id, system_name, event_name, event_timestamp,
       user_id, anonymous_id, properties, valid, validation_errors, correlation_id, received_at, processed_at, message_id,
       context, type
from read.tracking_events_read_model_v7;

drop table read.tracking_events_read_model_v7;
create sequence read.tracking_events_read_model_id_seq;
select setval('read.tracking_events_read_model_id_seq',
              coalesce((select max(id) from read.tracking_events_read_model), 0) + 1, false);
alter sequence read.tracking_events_read_model_id_seq owned by read.tracking_events_read_model.id;
alter table read.tracking_events_read_model alter column id set default nextval('read.tracking_events_read_model_id_seq');

alter table read.tracking_events_read_model add constraint tracking_events_read_model_pkey primary key (id, received_at);
alter table read.tracking_events_read_model add constraint tracking_events_read_model_event_key
    unique (tracking_event_id, received_at);
create index read_model_partner_time_idx on read.tracking_events_read_model (partner_id, event_timestamp desc, id desc);
create index read_model_system_time_idx on read.tracking_events_read_model (partner_system_id, event_timestamp desc, id desc);
create index read_model_event_name_time_idx on read.tracking_events_read_model (partner_id, event_name, event_timestamp desc);
create index read_model_user_idx on read.tracking_events_read_model (partner_id, user_id) where user_id is not null;
create index read_model_anonymous_idx on read.tracking_events_read_model (partner_id, anonymous_id)
    where anonymous_id is not null;
