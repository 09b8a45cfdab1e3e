#!/usr/bin/env bash
# How long the migrations that rewrite or read every event take to upgrade a database of version 7: one million
# events on both sides, received over a year, on this machine's PostgreSQL (fresh database, dropped afterwards):
# V8 (time partitions), V11 (the analytics index built again), V12 (sessions computed from the events) and V13
# (the sessions' sums per hour and duration bin).
# Usage: bash bench/upgrade.sh
. "$(dirname "$0")/../scripts/services.sh"
ensure_services
set -euo pipefail
cd "$(dirname "$0")/../tracking-infrastructure/src/main/resources/db/migration"
db=upgrade_time_$$
psql -q -h 127.0.0.1 -U postgres -c "create database $db"
for f in V1__*.sql V2__*.sql V3__*.sql V4__*.sql V5__*.sql V6__*.sql V7__*.sql; do psql -q -h 127.0.0.1 -U postgres -d $db -1 -v ON_ERROR_STOP=1 -f $f >/dev/null; done
psql -q -h 127.0.0.1 -U postgres -d $db -v ON_ERROR_STOP=1 <<'SQL'
insert into write.partners values ('00000000-0000-0000-0000-000000000001','p','e@x',true,now(),now(),0);
insert into write.partner_systems (id,partner_id,name,type,active,api_key_hash,api_key_prefix,created_at,updated_at) values ('00000000-0000-0000-0000-000000000002','00000000-0000-0000-0000-000000000001','s','WEBSITE',true,repeat('a',64),'vt_x',now(),now());
insert into write.tracking_events (id, partner_id, partner_system_id, message_id, event_name, event_timestamp, received_at, user_id, properties, valid)
select gen_random_uuid(), '00000000-0000-0000-0000-000000000001','00000000-0000-0000-0000-000000000002','m'||g,'Order Completed',now() - (g % 1000000 || ' seconds')::interval, now() - ((g * 31) % 31536000 || ' seconds')::interval, 'u-'||(g%100000),
 '{"orderId":"o-1","total":129.95,"currency":"EUR","coupon":null,"items":[{"sku":"SKU-10042","name":"Espresso machine","price":119.0,"quantity":1},{"sku":"SKU-20077","name":"Descaler 2-pack","price":10.95,"quantity":1}],"shipping":{"method":"standard","country":"DE","postcode":"10115"}}', true from generate_series(1,1000000) g;
insert into read.tracking_events_read_model (tracking_event_id, partner_id, partner_name, partner_system_id, system_name, event_name, event_timestamp, user_id, properties, valid, received_at, processed_at, message_id)
select id, partner_id, 'p', partner_system_id, 's', event_name, event_timestamp, user_id, properties, valid, received_at, now(), message_id from write.tracking_events;
vacuum analyze;
SQL
start=$(date +%s.%N)
psql -q -h 127.0.0.1 -U postgres -d $db -1 -v ON_ERROR_STOP=1 -f V8__time_partitions.sql >/dev/null
end=$(date +%s.%N)
echo "V8 on 1,000,000 events (both tables, received over a year: $(psql -qtA -h 127.0.0.1 -U postgres -d $db -c "select count(*) from pg_inherits where inhparent = 'write.tracking_events'::regclass") partitions): $(python3 -c "print(round($end - $start, 1))") s"
for f in V9__*.sql V10__*.sql; do psql -q -h 127.0.0.1 -U postgres -d $db -1 -v ON_ERROR_STOP=1 -f $f >/dev/null; done
for f in V11__*.sql V12__*.sql V13__*.sql; do
  start=$(date +%s.%N)
  psql -q -h 127.0.0.1 -U postgres -d $db -1 -v ON_ERROR_STOP=1 -f $f >/dev/null
  end=$(date +%s.%N)
  echo "${f%%__*} on the same events: $(python3 -c "print(round($end - $start, 1))") s"
done
echo "sessions made by V12: $(psql -qtA -h 127.0.0.1 -U postgres -d $db -c "select count(*) from read.sessions")"
psql -q -h 127.0.0.1 -U postgres -c "drop database $db"
