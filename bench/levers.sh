#!/usr/bin/env bash
# The configuration levers of single-event ingestion, one at a time, in one run: the packaged jar (heap 512 MiB) is
# restarted with each set of JVM options on the same database and measured with wrk, 64 connections (2xx req/s,
# p50/p99), after a warm-up of the same length and once the projector has caught up with it. The code levers (API
# keys from memory, leases of rate-limit tokens) are not switchable; docs/performance.md compares their profiles.
# Usage: bash bench/levers.sh            (SECONDS_PER_RUN=15 to change the default)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
. bench/ingestion-setup.sh
prepare_ingestion_benchmark
SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}

start_benchmark_service "tracking_levers_$$" 18091
create_ingestion_system
single() {
  local before
  before=$(cpu_ticks)
  with_cpu_per_ok "$(wrk -t2 -c64 -d"${SECONDS_PER_RUN}s" --timeout 30s -s bench/wrk/ingest.lua "$base" -- "$api_key" single | tail -1)" "$before"
}

lettuce=org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration
declare -a names=(
  "platform threads, every request traced, a span per Redis command (the shipped configuration before issue 12)"
  "+ virtual threads"
  "+ parent-based sampling at 0.1"
  "+ no span per Redis command (the shipped configuration)"
  "+ group commit with 2 writers instead of 4"
  "+ group commit gathering for up to 5 ms instead of 2"
)
declare -a options=(
  "-Dspring.threads.virtual.enabled=false -Dmanagement.tracing.sampling.probability=1.0 -Dspring.autoconfigure.exclude="
  "-Dspring.threads.virtual.enabled=true -Dmanagement.tracing.sampling.probability=1.0 -Dspring.autoconfigure.exclude="
  "-Dspring.threads.virtual.enabled=true -Dmanagement.tracing.sampling.probability=0.1 -Dspring.autoconfigure.exclude="
  "-Dspring.autoconfigure.exclude=$lettuce"
  "-Dtracking.ingest.group-commit.writers=2"
  "-Dtracking.ingest.group-commit.max-wait=5ms"
)
for lever in "${!names[@]}"; do
  # shellcheck disable=SC2086
  run_benchmark_service ${options[$lever]}
  single >/dev/null
  await_projection "$base" >/dev/null   # the projector shares the cores: measure each lever without a backlog
  echo "${names[$lever]}: $(single)"
done
