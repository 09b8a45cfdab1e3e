-- Sessions for the default inactivity (30 minutes), kept by the projector as events arrive (in any order): one row per
-- run of a visitor's events (coalesce(anonymous_id, user_id)) with no gap longer than 30 minutes, per system and for
-- the whole partner (partner_system_id = the nil uuid, as the whole-partner unique-user sketches).
create table read.sessions (
    partner_id        uuid         not null,
    partner_system_id uuid         not null,
    visitor           varchar(200) not null,
    first_at          timestamptz  not null,
    last_at           timestamptz  not null,
    events            integer      not null,
    primary key (partner_id, partner_system_id, visitor, first_at)
);
create index sessions_by_start on read.sessions (partner_id, partner_system_id, first_at) include (last_at, events);
-- a deletion finds a visitor's sessions of every system
create index sessions_by_visitor on read.sessions (partner_id, visitor);

-- the sessions of the events already projected (the same islands the projector keeps)
insert into read.sessions (partner_id, partner_system_id, visitor, first_at, last_at, events)
select partner_id, system_id, visitor, min(at), max(at), count(*)
from (
    select partner_id, system_id, visitor, at,
           count(*) filter (where starts) over (partition by partner_id, system_id, visitor order by at
                                                rows between unbounded preceding and current row) as island
    from (
        select partner_id, system_id, visitor, at,
               (at - lag(at) over (partition by partner_id, system_id, visitor order by at) > interval '30 minutes')
                   is not false as starts
        from (
            select partner_id, s.system_id, coalesce(anonymous_id, user_id) as visitor, event_timestamp as at
            from read.tracking_events_read_model
            cross join lateral (values (partner_system_id), ('00000000-0000-0000-0000-000000000000'::uuid)) as s(system_id)
            where coalesce(anonymous_id, user_id) is not null
        ) events
    ) marked
) numbered
group by partner_id, system_id, visitor, island;
