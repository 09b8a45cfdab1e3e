#!/usr/bin/env bash
# What a partner token costs beside the operator token on the admin APIs. A partner token is read from PostgreSQL
# at every request (by the SHA-256 of its value; no cache, so a revoked token is refused at once on every node), and
# a path that names a system resolves the system's partner with one more read. Prints, in one run, for each
# credential and path: 2xx req/s with CONNECTIONS connections, p50/p99, and every answer >= 400.
# Usage: bash bench/access.sh            (SECONDS_PER_RUN=15, CONNECTIONS=16 by default)
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
echo "service: shipped production configuration, -Xmx512m; wrk -t2 -c$CONNECTIONS on the same cores; ${SECONDS_PER_RUN} s per run after a 5 s warm-up"
# run LABEL CREDENTIAL PATH
run() {
  wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $2" "$base$3" >/dev/null
  printf '%-44s %s\n' "$1" "$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" --timeout 30s -H "Authorization: Bearer $2" \
    -s bench/wrk/summary.lua "$base$3" | tail -1)"
}
run "operator  GET /api/partners/{id}/systems" "$TRACKING_ADMIN_TOKEN" "/api/partners/$partner_id/systems"
run "partner   GET /api/partners/{id}/systems" "$token" "/api/partners/$partner_id/systems"
run "operator  GET /api/systems/{id}" "$TRACKING_ADMIN_TOKEN" "/api/systems/$system_id"
run "partner   GET /api/systems/{id}" "$token" "/api/systems/$system_id"
last_used=$(curl -sf "$base/api/partners/$partner_id/tokens" -H "Authorization: Bearer $TRACKING_ADMIN_TOKEN" \
  | json_field '[0]["lastUsedAt"]')
echo "the token's lastUsedAt after the runs: $last_used (written in batches, not per request)"
