#!/usr/bin/env bash
# Read-side benchmark: EVENTS (default 10,000,000) events generated with COPY into write.tracking_events, the
# running service's projector copying them into the read model, sustained batch ingestion beside it, then
# statistics over 30 days: cache miss and hit (p50/p95 of each request), and the same answer computed by a
# naive GROUP BY over the read model; then analytics over the same 30 days (bench/analytics.sh: a 3-step funnel, an
# 8-week retention, daily sessions), cache miss and hit. The generator's half-anonymous persons get their identity links as an
# identify would have made them (written into both sides' identity maps, since the generated rows hold no identify).
# Usage: bash bench/read.sh            (EVENTS=1000000 REPEAT=20 for a shorter run; ANALYTICS_REPEAT=20;
#        KEEP_DATABASE=1 keeps the generated database for a look afterwards)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
. bench/analytics.sh
use_jdk25_when_present
ensure_services

EVENTS=${EVENTS:-10000000}
REPEAT=${REPEAT:-50}
ANALYTICS_REPEAT=${ANALYTICS_REPEAT:-20}
[ -f tracking-api/target/volcanion-tracking.jar ] || ./mvnw -B -q -DskipTests package

export TRACKING_PROJECTOR_ENABLED=false   # a second instance projects, once the generated events are in
start_benchmark_service "tracking_bench_read_$$" 18092

auth="Authorization: Bearer $TRACKING_ADMIN_TOKEN"
partner_id=$(curl -sf -X POST "$base/api/partners" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"name":"Bench","email":"bench@volcanion.example"}' | json_field '["id"]')
systems=""
api_key=""
for name in Web iOS Android; do
  system=$(curl -sf -X POST "$base/api/partners/$partner_id/systems" -H "$auth" -H 'Content-Type: application/json' \
    -d "{\"name\":\"$name\",\"type\":\"WEBSITE\"}")
  systems="$systems${systems:+,}$(echo "$system" | json_field '["id"]')"
  api_key=$(echo "$system" | json_field '["apiKey"]')
done
db() { psql -h 127.0.0.1 -U postgres -d "$database" -v ON_ERROR_STOP=1 -qtAc "$1"; }
now() { date +%s.%N; }
rate() { python3 -c "print(round($1 / ($3 - $2)))"; }

echo "machine: $(nproc) cores; PostgreSQL $(db 'show server_version'); $(java -version 2>&1 | head -1)"
start=$(now)
db "\\copy write.tracking_events (id, partner_id, partner_system_id, message_id, event_name, event_timestamp, received_at, user_id, anonymous_id, properties, valid, validation_errors) from program 'python3 bench/generate_events.py $EVENTS $partner_id $systems'"
end=$(now)
echo "generated: $EVENTS events by COPY in $(python3 -c "print(round($end - $start))") s ($(rate "$EVENTS" "$start" "$end") rows/s)"
db "analyze write.tracking_events"

# the projector of a second instance of the service, which only projects (no HTTP load on it)
projector_port=18093
(cd "$work" && SERVER_PORT=$projector_port TRACKING_PROJECTOR_ENABLED=true TRACKING_PROJECTOR_BATCH_SIZE=5000 \
  TRACKING_PROJECTOR_MAX_BATCHES=1000000 exec java -jar app/volcanion-tracking.jar > "$work/projector.log" 2>&1) &
projector_pid=$!
extra_pids=$projector_pid
start=$(now)
while true; do
  projected=$(db "select count(*) from read.tracking_events_read_model")
  [ "$projected" -ge "$EVENTS" ] && break
  kill -0 "$projector_pid" 2>/dev/null || { tail -30 "$work/projector.log"; exit 1; }
  sleep 5
done
end=$(now)
projector_rate=$(rate "$EVENTS" "$start" "$end")
echo "projector: $EVENTS events in $(python3 -c "print(round($end - $start))") s = $projector_rate events/s (batches of 5000)"
kill "$projector_pid"; wait "$projector_pid" 2>/dev/null || true
extra_pids=""
for side in write read; do
  db "insert into $side.identity_links (partner_id, anonymous_id, user_id, linked_at)
      select '$partner_id', 'a-' || n, 'u-' || n, now() from generate_series(1, 199991, 10) n"
done
db "vacuum analyze read.tracking_events_read_model"   # the visibility map, so the analytics index is read alone
db "vacuum analyze read.sessions"
db "vacuum analyze read.session_stats"
db "analyze read.event_stats_hourly; analyze read.unique_user_sketches; analyze read.identity_links"

ingest=$(java bench/LoadGenerator.java closed batch "$base" "$api_key" 4 20)
ingest_rate=$(echo "$ingest" | sed -n 's/.*events_per_s=\([0-9]*\).*/\1/p')
echo "sustained batch ingestion, 4 connections, 20 s: $ingest"
python3 -c "print(f'projector / ingest = {$projector_rate / $ingest_rate:.1f} (goal >= 2)')"

from=$(python3 -c "from datetime import datetime,timedelta,timezone; t=datetime.now(timezone.utc).replace(minute=0,second=0,microsecond=0)+timedelta(hours=1); print((t-timedelta(days=30)).strftime('%Y-%m-%dT%H:%M:%SZ'))")
to=$(python3 -c "from datetime import datetime,timedelta,timezone; t=datetime.now(timezone.utc).replace(minute=0,second=0,microsecond=0)+timedelta(hours=1); print(t.strftime('%Y-%m-%dT%H:%M:%SZ'))")
first_system=${systems%%,*}
declare -A variants=(
  [all]="from=$from&to=$to"
  [system]="from=$from&to=$to&systemId=$first_system"
  [eventName]="from=$from&to=$to&eventName=Order%20Completed"
  [daily]="from=$from&to=$to&interval=DAY"
)
echo "statistics over 30 days ($from .. $to), $REPEAT requests each, after 10 unmeasured ones (JIT warm-up):"
for variant in all system eventName daily; do
  url="$base/api/statistics/partners/$partner_id?${variants[$variant]}"
  misses=""
  hits=""
  for _ in $(seq 1 10); do
    redis-cli -h 127.0.0.1 -p 6379 incr "stats:gen:$partner_id" >/dev/null
    curl -sf -o /dev/null "$url" -H "$auth"; curl -sf -o /dev/null "$url" -H "$auth"
  done
  for _ in $(seq 1 "$REPEAT"); do
    redis-cli -h 127.0.0.1 -p 6379 incr "stats:gen:$partner_id" >/dev/null   # a new generation: a cache miss
    misses="$misses $(curl -sf -o /dev/null -w '%{time_total}' "$url" -H "$auth")"
    hits="$hits $(curl -sf -o /dev/null -w '%{time_total}' "$url" -H "$auth")"
  done
  echo "  $variant: cache miss $(echo "$misses" | percentiles); cache hit $(echo "$hits" | percentiles)"
done
miss_all=$(for _ in $(seq 1 "$REPEAT"); do redis-cli -h 127.0.0.1 -p 6379 incr "stats:gen:$partner_id" >/dev/null; curl -sf -o /dev/null -w '%{time_total} ' "$base/api/statistics/partners/$partner_id?${variants[all]}" -H "$auth"; done)

measure_analytics "$base" "$auth" "$partner_id" "$from" "$to"

naive_times=""
for _ in $(seq 1 5); do
  start=$(now)
  db "select count(*), count(*) filter (where not valid), count(distinct coalesce(user_id, anonymous_id))
      from read.tracking_events_read_model where partner_id = '$partner_id' and event_timestamp >= '$from' and event_timestamp < '$to';
      select event_name, count(*), count(*) filter (where not valid) from read.tracking_events_read_model
      where partner_id = '$partner_id' and event_timestamp >= '$from' and event_timestamp < '$to' group by event_name;
      select partner_system_id, system_name, count(*) from read.tracking_events_read_model
      where partner_id = '$partner_id' and event_timestamp >= '$from' and event_timestamp < '$to' group by 1, 2;
      select date_trunc('hour', event_timestamp), count(*), count(*) filter (where not valid)
      from read.tracking_events_read_model where partner_id = '$partner_id' and event_timestamp >= '$from' and event_timestamp < '$to' group by 1" >/dev/null
  end=$(now)
  naive_times="$naive_times $(python3 -c "print($end - $start)")"
done
echo "naive GROUP BY over the read model (same answer, 5 runs): $(echo "$naive_times" | percentiles)"
python3 - "$miss_all" "$naive_times" <<'PY'
import sys
miss = sorted(float(x) for x in sys.argv[1].split())
naive = sorted(float(x) for x in sys.argv[2].split())
m, n = miss[len(miss) // 2], naive[len(naive) // 2]
print(f"summary: statistics cache miss p50 {m*1000:.1f} ms vs naive {n*1000:.0f} ms: {n/m:.0f}x faster (goal >= 20x)")
PY
echo "rows: read model $(db 'select count(*) from read.tracking_events_read_model'), hourly buckets $(db 'select count(*) from read.event_stats_hourly'), sketches $(db 'select count(*) from read.unique_user_sketches')"
