-- Sums of the kept sessions (read.sessions) per hour of their start and per duration bin, kept by the same statements
-- that change the sessions: a question about sessions reads these sums for the whole hours of its range (and the
-- sessions of its partial hours), and finds the exact median from the bins' counts and the sessions of one bin.

-- The lower bounds of the duration bins, in microseconds: bin 0 holds sessions of one instant, bin 1 those under a
-- second, then bins 25% wider each up to about 7.5 days, and the last one the longer ones. Fixed: rows hold bins.
create function read.session_duration_bounds() returns bigint[]
    language sql immutable parallel safe
    return '{1,1000000,1250000,1562500,1953125,2441406,3051757,3814697,4768371,5960464,7450580,9313225,11641532,14551915,18189894,22737367,28421709,35527136,44408920,55511151,69388939,86736173,108420217,135525271,169406589,211758236,264697796,330872245,413590306,516987882,646234853,807793566,1009741958,1262177448,1577721810,1972152263,2465190328,3081487911,3851859888,4814824860,6018531076,7523163845,9403954806,11754943508,14693679385,18367099231,22958874039,28698592549,35873240686,44841550858,56051938572,70064923216,87581154020,109476442525,136845553156,171056941445,213821176807,267276471009,334095588761,417619485951,522024357439,652530446799}'::bigint[];

-- The duration bin of a session of the given length (microseconds): i where bounds[i] <= micros < bounds[i + 1].
create function read.session_duration_bin(micros bigint) returns integer
    language sql immutable strict parallel safe
    return width_bucket(micros, read.session_duration_bounds());

-- The length of a session in microseconds, exactly.
create function read.session_micros(first_at timestamptz, last_at timestamptz) returns bigint
    language sql immutable strict parallel safe
    return ((extract(epoch from last_at) - extract(epoch from first_at)) * 1000000)::bigint;

create table read.session_stats (
    partner_id        uuid        not null,
    partner_system_id uuid        not null,
    hour              timestamptz not null,
    duration_bin      integer     not null,
    sessions          bigint      not null,
    duration_micros   bigint      not null,
    events            bigint      not null,
    bounces           bigint      not null,   -- sessions of one event
    primary key (partner_id, partner_system_id, hour, duration_bin)
);

insert into read.session_stats (partner_id, partner_system_id, hour, duration_bin, sessions, duration_micros, events, bounces)
select partner_id, partner_system_id, date_trunc('hour', first_at, 'UTC'),
       read.session_duration_bin(read.session_micros(first_at, last_at)), count(*),
       sum(read.session_micros(first_at, last_at)), sum(events), count(*) filter (where events = 1)
from read.sessions
group by 1, 2, 3, 4;
