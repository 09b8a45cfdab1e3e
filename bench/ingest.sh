#!/usr/bin/env bash
# Ingestion benchmark: the packaged jar in production configuration on this machine's PostgreSQL and Redis.
# Prints (a) raw COPY rows/s into write.tracking_events, (b) batch ingest events/s, (c) single-event req/s with
# 64 connections and its p50/p99, (d) p99 at half of (c)'s rate, and the ratios b/a and c/a.
# Usage: bash bench/ingest.sh            (SECONDS_PER_RUN=20 COPY_ROWS=300000 to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
use_jdk25_when_present
ensure_services

SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
COPY_ROWS=${COPY_ROWS:-300000}
[ -f tracking-api/target/volcanion-tracking.jar ] || ./mvnw -B -q -DskipTests package

start_benchmark_service "tracking_bench_$$" 18090

auth="Authorization: Bearer $TRACKING_ADMIN_TOKEN"
partner_id=$(curl -sf -X POST "$base/api/partners" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"name":"Bench","email":"bench@volcanion.example"}' | json_field '["id"]')
system=$(curl -sf -X POST "$base/api/partners/$partner_id/systems" -H "$auth" -H 'Content-Type: application/json' \
  -d '{"name":"Bench web","type":"WEBSITE"}')
system_id=$(echo "$system" | json_field '["id"]')
api_key=$(echo "$system" | json_field '["apiKey"]')
curl -sf -X PUT "$base/api/partners/$partner_id/event-structures/Order%20Completed" -H "$auth" \
  -H 'Content-Type: application/json' \
  -d '{"schema":{"type":"object","required":["orderId","total"],"properties":{"total":{"type":"number"}}}}' >/dev/null
db() { psql -h 127.0.0.1 -U postgres -d "$database" -v ON_ERROR_STOP=1 -qtAc "$1"; }
gen() { local loop=$1 mode=$2; shift 2; java bench/LoadGenerator.java "$loop" "$mode" "$base" "$api_key" "$@"; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; PostgreSQL $(db 'show server_version'); $(java -version 2>&1 | head -1)"
echo "service: production configuration, group commit max-wait 2 ms, 4 writers; load generator on the same machine"

# (a) the raw limit: COPY of the same event rows into the same table, with the same indexes
python3 - "$COPY_ROWS" "$partner_id" "$system_id" > "$work/rows.csv" <<'PY'
import sys, uuid, json
rows, partner, system = int(sys.argv[1]), sys.argv[2], sys.argv[3]
template = open("bench/LoadGenerator.java").read().split('static final String PROPERTIES = "')[1].split('";')[0]
template = template.replace('"\n            + "', '').replace('\\"', '"')
for i in range(rows):
    props = template.replace("%s", str(uuid.uuid4()))
    print("\t".join([str(uuid.uuid4()), partner, system, str(uuid.uuid4()), "Order Completed",
                     "2026-11-24 10:00:00+00", "2026-11-24 10:00:00+00", "u-%d" % (i % 100000), props, "t"]))
PY
copy_start=$(date +%s.%N)
db "\\copy write.tracking_events (id, partner_id, partner_system_id, message_id, event_name, event_timestamp, received_at, user_id, properties, valid) from '$work/rows.csv'"
copy_end=$(date +%s.%N)
copy_rate=$(python3 -c "print(round($COPY_ROWS / ($copy_end - $copy_start)))")
echo "(a) COPY: $COPY_ROWS rows in $(python3 -c "print(round($copy_end - $copy_start, 2))") s = $copy_rate rows/s"
db "truncate write.tracking_events" >/dev/null

echo "warm-up: 10 s of single events and batches (JIT, connection pools)"
gen closed single 16 5 >/dev/null
gen closed batch 4 5 >/dev/null
db "truncate write.tracking_events" >/dev/null

batch=$(gen closed batch 4 "$SECONDS_PER_RUN")
echo "(b) batch of 100 events, 4 connections, ${SECONDS_PER_RUN} s: $batch"
single=$(gen closed single 64 "$SECONDS_PER_RUN")
echo "(c) single event, 64 connections, ${SECONDS_PER_RUN} s: $single"
single_rate=$(echo "$single" | field req_per_s)
half=$(python3 -c "print(max(1, round($single_rate / 2)))")
paced=$(gen open single 64 "$SECONDS_PER_RUN" "$half")
echo "(d) single event at half of (c), $half req/s scheduled, ${SECONDS_PER_RUN} s: $paced"

batch_rate=$(echo "$batch" | field events_per_s)
python3 - "$copy_rate" "$batch_rate" "$single_rate" "$(echo "$paced" | field p99_ms)" <<'PY'
import sys
a, b, c, p99 = (float(x) for x in sys.argv[1:])
print(f"summary: a={a:.0f} rows/s  b={b:.0f} events/s  c={c:.0f} req/s  b/a={b/a:.2f} (goal >= 0.5)  "
      f"c/a={c/a:.2f} (goal >= 0.3)  p99 at c/2={p99:.1f} ms (goal <= 50)")
PY
echo "stored: $(db 'select count(*) from write.tracking_events') events, $(db "select count(*) from write.tracking_events where not valid") invalid"
