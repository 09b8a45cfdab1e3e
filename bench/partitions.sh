#!/usr/bin/env bash
# Issue 14's throughput check, in one run: batch ingestion and projection of this version beside the version before
# the time partitions (BASELINE: by default the parent of the commit that added migration V8), each on a fresh
# database of this machine's PostgreSQL, the packaged jar (heap 512 MiB, production configuration, rate limit lifted).
# Per version and round:
#   ingestion: batches of 100 events, 64 connections, projector off, SECONDS_PER_RUN after a 10 s warm-up: 2xx events/s;
#   projection: the node restarted with the projector on, the time it takes to project the backlog ingestion left
#               (counted from its health answering): events/s.
# ROUNDS rounds (default 2), the order of the versions swapped each round, since this machine's speed drifts.
# Usage: bash bench/partitions.sh      (SECONDS_PER_RUN=20 ROUNDS=2 BASELINE=<commit> to change the defaults)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
. bench/ingestion-setup.sh
prepare_ingestion_benchmark
SECONDS_PER_RUN=${SECONDS_PER_RUN:-20}
ROUNDS=${ROUNDS:-2}
BASELINE=${BASELINE:-$(git log --diff-filter=A --format=%H -1 -- tracking-infrastructure/src/main/resources/db/migration/V8__time_partitions.sql)^}

root=$(mktemp -d)
app_pid=""
database=""
cleanup() {
  [ -n "$app_pid" ] && { kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; }
  [ -n "$database" ] && drop_database "$database"
  git worktree remove --force "$root/baseline-src" 2>/dev/null || true
  rm -rf "$root"
}
trap cleanup EXIT
echo "baseline: $(git log -1 --format='%h %s' "$BASELINE" | cut -c1-100)"
echo "current:  $(git log -1 --format='%h %s' HEAD | cut -c1-100)$(git diff --quiet HEAD || echo ' (with uncommitted changes)')"
git worktree add -q --detach "$root/baseline-src" "$BASELINE"
(cd "$root/baseline-src" && ./mvnw -B -q -DskipTests package)
production_layout "$root/baseline" "$root/baseline-src/tracking-api/target/volcanion-tracking.jar" >/dev/null
production_layout "$root/current" tracking-api/target/volcanion-tracking.jar >/dev/null
echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); load from wrk -t2 on the same cores"

db() { psql -h 127.0.0.1 -U postgres -d "$database" -v ON_ERROR_STOP=1 -qtAc "$1"; }
start() {   # start VERSION PROJECTOR_ENABLED
  (cd "$root/$1" && TRACKING_PROJECTOR_ENABLED=$2 exec java -Xmx512m -jar app/volcanion-tracking.jar >> "$root/$1.log" 2>&1) &
  app_pid=$!
  await_health "$base" "$app_pid" 120 >/dev/null || { tail -40 "$root/$1.log"; exit 1; }
}
# bytes of a table with its indexes and TOAST, and of its partitions'; 0 when it does not exist
size_of() {
  db "select coalesce(pg_total_relation_size(to_regclass('$1')), 0) + coalesce((select sum(pg_total_relation_size(inhrelid))
      from pg_inherits where inhparent = to_regclass('$1')), 0)"
}
stop() { kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""; }
batch() { wrk -t2 -c64 -d"$1s" --timeout 30s -s bench/wrk/ingest.lua "$base" -- "$api_key" batch | tail -1; }

measure() {   # measure VERSION ROUND
  database="tracking_partitions_$$_${1}_$2"
  create_database "$database"
  production_env "$database" 18094
  base="http://127.0.0.1:18094"
  export TRACKING_ADMIN_TOKEN="bench-admin-token-$(date +%s%N)"
  export TRACKING_RATE_LIMIT_DEFAULT_PER_SECOND=1000000
  start "$1" false
  create_ingestion_system
  batch 10 >/dev/null
  local ingest rows projected_at_start started ended
  ingest=$(batch "$SECONDS_PER_RUN")
  stop
  rows=$(db 'select count(*) from write.tracking_events')
  start "$1" true
  started=$(date +%s.%N)
  projected_at_start=$(db 'select count(*) from read.tracking_events_read_model')
  until [ "$(db 'select count(*) from read.tracking_events_read_model')" -ge "$rows" ]; do sleep 0.5; done
  ended=$(date +%s.%N)
  stop
  echo "round $2, $1: ingestion $ingest"
  local write_bytes read_bytes
  write_bytes=$(( $(size_of write.tracking_events) + $(size_of write.tracking_event_keys) ))
  read_bytes=$(size_of read.tracking_events_read_model)
  echo "round $2, $1: projection of $((rows - projected_at_start)) events in $(python3 -c "print(round($ended - $started, 1))") s = $(python3 -c "print(round(($rows - $projected_at_start) / ($ended - $started)))") events/s"
  echo "round $2, $1: bytes per stored event (tables, indexes, TOAST): $((write_bytes / rows)) write side (events and dedup keys), $((read_bytes / rows)) read model"
  drop_database "$database"
  database=""
}

for round in $(seq 1 "$ROUNDS"); do
  if [ $((round % 2)) -eq 1 ]; then order="baseline current"; else order="current baseline"; fi
  for version in $order; do measure "$version" "$round"; done
done
