#!/usr/bin/env bash
# Ingestion benchmark: the packaged jar (heap 512 MiB) in production configuration on this machine's PostgreSQL
# and Redis, wrk and the load generator on the same two cores. Prints, in one run:
#   (a) COPY rows/s of the same event rows into write.tracking_events (same table, same indexes);
#   (b) batch ingestion, 100 events a request, 64 connections: events/s counting 2xx answers only;
#   (c) the HTTP ceiling: GET /actuator/health/liveness req/s, the best of the shipped configuration (virtual
#       threads) and the same jar with platform threads, so that the ceiling does not depend on the choice under test;
#   (d) single-event ingestion, 64 connections: 2xx req/s, p50/p99;
#   (e) p50/p99 of single events sent at half of (d)'s rate (open loop: latency counts from the scheduled time),
#       once the projector has caught up with the backlog of (b) and (d);
#   (g) Segment batch ingestion (/v1/batch), 100 track calls a request as analytics-node sends them, 64 connections,
#       run after (b) once the projector caught up: events/s counting 2xx only (and the rows it stored), and its
#       cost beside the native batch (b/g, goal <= 1.2);
#   (f) every non-2xx answer by status: the service's own count (http_server_requests_seconds_count) over the
#       measured runs, beside wrk's count of answers >= 400 and of socket errors for each run;
# and the targets: d >= 0.5 c, b >= 0.5 a, p99 at half load <= 50 ms, no non-2xx in (b) and (d).
# The benchmark's system has its rate limit lifted to 1,000,000 events/s: the limiter runs, never refuses.
# Usage: bash bench/ingest.sh       (SECONDS_PER_RUN=20 COPY_ROWS=300000 to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
. bench/ingestion-setup.sh
prepare_ingestion_benchmark

SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
COPY_ROWS=${COPY_ROWS:-300000}

start_benchmark_service "tracking_bench_$$" 18090

create_ingestion_system
db() { psql -h 127.0.0.1 -U postgres -d "$database" -v ON_ERROR_STOP=1 -qtAc "$1"; }
# wrk SECONDS CONNECTIONS MODE (liveness|single|batch|segment): prints the scripts' one-line result, and the CPU each 2xx answer
# cost: the service's, PostgreSQL's and the rest of the machine's (wrk, mostly), in microseconds
load() {
  local seconds=$1 connections=$2 mode=$3 before result
  before=$(cpu_ticks)
  if [ "$mode" = liveness ]; then
    result=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s bench/wrk/summary.lua "$base/actuator/health/liveness" | tail -1)
  else
    result=$(wrk -t2 -c"$connections" -d"${seconds}s" --timeout 30s -s bench/wrk/ingest.lua "$base" -- "$api_key" "$mode" \
      "$(printf '%s:' "$api_key" | base64 -w0)" | tail -1)
  fi
  with_cpu_per_ok "$result" "$before"
}
field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p"; }
# the service's own count of ingestion answers, one line per endpoint and status
answers() { curl -sf "$base/actuator/prometheus" | grep '^http_server_requests_seconds_count{' | grep -E 'uri="/(api/events|v1)/' || true; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem/{print $2}') GiB; PostgreSQL $(db 'show server_version'); $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "service: shipped production configuration, -Xmx512m; load from wrk -t2 (and bench/LoadGenerator.java for (e)) on the same cores"

# (a) the raw limit: COPY of the same event rows into the same table, with the same indexes
python3 - "$COPY_ROWS" "$partner_id" "$system_id" > "$work/rows.csv" <<'PY'
import os, sys, time, uuid
def uuid7():   # as the service makes event ids (EventIds): Unix milliseconds, version 7, random, variant
    random = int.from_bytes(os.urandom(10), "big")
    return str(uuid.UUID(int=int(time.time() * 1000) << 80 | 7 << 76 | (random >> 64 & 0xFFF) << 64
                         | 0b10 << 62 | random & (1 << 62) - 1))
rows, partner, system = int(sys.argv[1]), sys.argv[2], sys.argv[3]
now = time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime())   # received now, as the service's rows: the current month's partition
# the properties the wrk script sends: the quoted pieces of its `local properties = '...' .. '...'`
source = open("bench/wrk/ingest.lua").read().split("local properties = ")[1].split("\nlocal key")[0]
template = "".join(source.split("'")[1::2])
for i in range(rows):
    props = template.replace("%s", str(uuid.uuid4()))
    print("\t".join([uuid7(), partner, system, str(uuid.uuid4()), "Order Completed",
                     now, now, "u-%d" % (i % 100000), props, "t"]))
PY
copy_start=$(date +%s.%N)
db "\\copy write.tracking_events (id, partner_id, partner_system_id, message_id, event_name, event_timestamp, received_at, user_id, properties, valid) from '$work/rows.csv'"
copy_end=$(date +%s.%N)
copy_rate=$(python3 -c "print(round($COPY_ROWS / ($copy_end - $copy_start)))")
echo "(a) COPY: $COPY_ROWS rows in $(python3 -c "print(round($copy_end - $copy_start, 2))") s = $copy_rate rows/s"
db "truncate write.tracking_events, write.tracking_event_keys" >/dev/null

echo "warm-up: 25 s (JIT, connection pools), not counted"
load 10 64 single >/dev/null
load 10 64 batch >/dev/null
load 5 64 segment >/dev/null
load 5 64 liveness >/dev/null
db "truncate write.tracking_events, write.tracking_event_keys" >/dev/null
answers > "$work/answers-before"

liveness_shipped=$(load "$SECONDS_PER_RUN" 64 liveness)
echo "(c) liveness, shipped configuration, 64 connections: $liveness_shipped"
batch=$(load "$SECONDS_PER_RUN" 64 batch)
echo "(b) batch of 100 events, 64 connections: $batch"
# (g) starts as (b) did: no backlog for the projector; its rate is also read from the rows it stored
echo "    the projector caught up with (b) $(await_projection "$base") s after (b) ended"
rows_before=$(db 'select count(*) from write.tracking_events')
segment=$(load "$SECONDS_PER_RUN" 64 segment)
rows_after=$(db 'select count(*) from write.tracking_events')
echo "(g) Segment batch of 100 track calls, 64 connections: $segment"
echo "    stored by (g): $((rows_after - rows_before)) rows = $(( (rows_after - rows_before) / SECONDS_PER_RUN )) rows/s"
single=$(load "$SECONDS_PER_RUN" 64 single)
echo "(d) single event, 64 connections: $single"
single_rate=$(echo "$single" | field ok_per_s)
half=$(python3 -c "print(max(1, round($single_rate / 2)))")
# (b) and (d) left a backlog for the projector, which shares the cores: (e) measures the steady state, after it
echo "    the projector caught up with (b) and (d) $(await_projection "$base") s after (d) ended"
paced=$(java bench/LoadGenerator.java open single "$base" "$api_key" 64 "$SECONDS_PER_RUN" "$half")
echo "(e) single event at half of (d), $half req/s scheduled: $paced"
stored=$(db 'select count(*) from write.tracking_events')
answers > "$work/answers-after"
non2xx=$(python3 - "$work/answers-before" "$work/answers-after" <<'PY'
import re, sys
def read(path):
    counts = {}
    for line in open(path):
        labels = dict(re.findall(r'(\w+)="([^"]*)"', line))
        key = (labels["uri"], labels["status"])
        counts[key] = counts.get(key, 0) + float(line.rsplit(" ", 1)[1])
    return counts
before, after = read(sys.argv[1]), read(sys.argv[2])
other = [f"{uri} {status} x{after[(uri, status)] - before.get((uri, status), 0):.0f}"
         for uri, status in sorted(after) if not status.startswith("2")
         and after[(uri, status)] > before.get((uri, status), 0)]
print(", ".join(other) or "none")
PY
)

run_benchmark_service -Dspring.threads.virtual.enabled=false
load 10 64 liveness >/dev/null
liveness_platform=$(load "$SECONDS_PER_RUN" 64 liveness)
echo "(c) liveness, the same jar with platform threads, 64 connections: $liveness_platform"

echo "(f) non-2xx answers to ingestion over (b), (g), (d) and (e), counted by the service: $non2xx"
echo "    wrk: answers >= 400 / socket errors: batch $(echo "$batch" | field status_400_or_more) / $(echo "$batch" | field socket_errors), segment $(echo "$segment" | field status_400_or_more) / $(echo "$segment" | field socket_errors), single $(echo "$single" | field status_400_or_more) / $(echo "$single" | field socket_errors), liveness $(echo "$liveness_shipped" | field status_400_or_more) / $(echo "$liveness_platform" | field status_400_or_more); half load (load generator): $(echo "$paced" | sed -n 's/.*non2xx=\([^ ]*\).*/\1/p')"
python3 - "$copy_rate" "$(echo "$batch" | field ok_events_per_s)" "$(echo "$liveness_shipped" | field ok_per_s)" \
  "$(echo "$liveness_platform" | field ok_per_s)" "$single_rate" "$(echo "$paced" | field p99_ms)" "$non2xx" \
  "$(echo "$batch" | field socket_errors)" "$(echo "$single" | field socket_errors)" \
  "$(echo "$liveness_shipped" | sed 's/.*cpu_us_per_ok: //')" "$(echo "$single" | sed 's/.*cpu_us_per_ok: //')" \
  "$(echo "$segment" | field ok_events_per_s)" "$(echo "$segment" | field socket_errors)" <<'PY'
import re, sys
a, b, c_shipped, c_platform, d, p99 = (float(x) for x in sys.argv[1:7])
g = float(sys.argv[12])
non2xx = sys.argv[7]
sockets = int(sys.argv[8]) + int(sys.argv[9]) + int(sys.argv[13])
c = max(c_shipped, c_platform)
def verdict(ok): return "met" if ok else "NOT met"
print(f"summary: a={a:.0f} rows/s  b={b:.0f} events/s  c={c:.0f} req/s (shipped {c_shipped:.0f}, platform threads {c_platform:.0f})  "
      f"d={d:.0f} req/s  p99 at d/2={p99:.1f} ms")
print(f"  d >= 0.5 c: d/c = {d / c:.2f}: {verdict(d >= 0.5 * c)}")
print(f"  b >= 0.5 a: b/a = {b / a:.2f}: {verdict(b >= 0.5 * a)}")
print(f"  Segment batch costs <= 1.2 x the native batch: b/g = {b / g:.2f} (g={g:.0f} events/s): {verdict(b <= 1.2 * g)}")
print(f"  p99 at half of d <= 50 ms: {p99:.1f} ms: {verdict(p99 <= 50)}")
print(f"  no non-2xx at 64 connections: {non2xx}, socket errors {sockets}: {verdict(non2xx == 'none' and sockets == 0)}")
# What bounds d: both runs keep the cores busy, so each rate is about the cores over the CPU one answer costs in all
cpu = [dict((k, int(v)) for k, v in re.findall(r"(\w+)=(\d+)", line)) for line in sys.argv[10:12]]
total = [sum(parts.values()) for parts in cpu]
print(f"  CPU per 2xx answer (service + PostgreSQL + rest of the machine): liveness {total[0]} us "
      f"({cpu[0]['service']} + {cpu[0]['postgres']} + {cpu[0]['rest']}), single event {total[1]} us "
      f"({cpu[1]['service']} + {cpu[1]['postgres']} + {cpu[1]['rest']}): d/c is bounded near {total[0] / total[1]:.2f}")
PY
echo "stored: $stored events (the runs of (b), (g), (d) and (e))"
