#!/usr/bin/env bash
# What a partner token costs beside the operator token on the admin APIs. A partner token is read from PostgreSQL
# at every request (by the SHA-256 of its value; no cache, so a revoked token is refused at once on every node), and
# a path that names a system resolves the system's partner with one more read. Prints, in one run, for each
# credential and path: 2xx req/s with CONNECTIONS connections, p50/p99, and every answer >= 400.
# Usage: bash bench/access.sh            (SECONDS_PER_RUN=15, CONNECTIONS=16 by default; about 3 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh
. bench/ingestion-setup.sh
prepare_ingestion_benchmark

SECONDS_PER_RUN=${SECONDS_PER_RUN:-15}
CONNECTIONS=${CONNECTIONS:-16}

start_benchmark_service "tracking_bench_access_$$" 18093
create_ingestion_system
token=$(curl -sf -X POST "$base/api/partners/$partner_id/tokens" -H "Authorization: Bearer $TRACKING_ADMIN_TOKEN" \
  -H 'Content-Type: application/json' -d '{"name":"bench"}' | json_field '["token"]')

echo "machine: $(nproc) cores; $(java -version 2>&1 | head -1); $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "service: shipped production configuration, -Xmx512m; wrk -t2 -c$CONNECTIONS on the same cores; ${SECONDS_PER_RUN} s per run; every path warmed up 10 s with both credentials first; two rounds, the order of the credentials swapped in the second"
operator_systems="operator  GET /api/partners/{id}/systems|$TRACKING_ADMIN_TOKEN|/api/partners/$partner_id/systems"
partner_systems="partner   GET /api/partners/{id}/systems|$token|/api/partners/$partner_id/systems"
operator_system="operator  GET /api/systems/{id}|$TRACKING_ADMIN_TOKEN|/api/systems/$system_id"
partner_system="partner   GET /api/systems/{id}|$token|/api/systems/$system_id"
# run "LABEL|CREDENTIAL|PATH" SECONDS [quiet]
run() {
  local label credential path
  IFS='|' read -r label credential path <<< "$1"
  local result
  result=$(wrk -t2 -c"$CONNECTIONS" -d"$2s" --timeout 30s -H "Authorization: Bearer $credential" \
    -s bench/wrk/summary.lua "$base$path" | tail -1)
  [ "${3:-}" = quiet ] || printf '%-44s %s\n' "$label" "$result"
}
for pair in "$operator_systems" "$partner_systems" "$operator_system" "$partner_system"; do run "$pair" 10 quiet; done
echo "round 1"
for pair in "$operator_systems" "$partner_systems" "$operator_system" "$partner_system"; do run "$pair" "$SECONDS_PER_RUN"; done
echo "round 2"
for pair in "$partner_systems" "$operator_systems" "$partner_system" "$operator_system"; do run "$pair" "$SECONDS_PER_RUN"; done
last_used=$(curl -sf "$base/api/partners/$partner_id/tokens" -H "Authorization: Bearer $TRACKING_ADMIN_TOKEN" \
  | json_field '[0]["lastUsedAt"]')
echo "the token's lastUsedAt after the runs: $last_used (written in batches, not per request)"
