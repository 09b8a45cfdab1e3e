# Shared by bench/ingest.sh and bench/levers.sh (source it after scripts/services.sh): wrk, and an ingestion
# benchmark's partner, system and "Order Completed" structure on the running service.

# JDK 25 when present, the machine's PostgreSQL and Redis, wrk, and the packaged jar (built when missing).
prepare_ingestion_benchmark() {
  use_jdk25_when_present
  ensure_services
  command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; }
  [ -f tracking-api/target/volcanion-tracking.jar ] || ./mvnw -B -q -DskipTests package
}

# Creates the partner, its website system and the structure events are validated against. Sets $partner_id,
# $system_id and $api_key. Usage: create_ingestion_system (after start_benchmark_service)
create_ingestion_system() {
  local auth="Authorization: Bearer $TRACKING_ADMIN_TOKEN" system
  partner_id=$(curl -sf -X POST "$base/api/partners" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"name":"Bench","email":"bench@volcanion.example"}' | json_field '["id"]')
  system=$(curl -sf -X POST "$base/api/partners/$partner_id/systems" -H "$auth" -H 'Content-Type: application/json' \
    -d '{"name":"Bench web","type":"WEBSITE"}')
  system_id=$(echo "$system" | json_field '["id"]')
  api_key=$(echo "$system" | json_field '["apiKey"]')
  curl -sf -X PUT "$base/api/partners/$partner_id/event-structures/Order%20Completed" -H "$auth" \
    -H 'Content-Type: application/json' \
    -d '{"schema":{"type":"object","required":["orderId","total"],"properties":{"total":{"type":"number"}}}}' >/dev/null
}

# CPU time so far, in clock ticks: the service's, all PostgreSQL processes' and the machine's busy time (all cores)
cpu_ticks() {
  local pg
  pg=$(for pid in $(pgrep -x postgres); do awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null; done | awk '{s += $1} END {print s + 0}')
  echo "$(awk '{print $14 + $15}' "/proc/$app_pid/stat") $pg $(awk '/^cpu /{print $2 + $3 + $4 + $7 + $8}' /proc/stat)"
}
# Appends to a one-line result (with ok=N) the CPU each 2xx answer cost since BEFORE (from cpu_ticks): the service's,
# PostgreSQL's and the rest of the machine's (the load generator, mostly), in microseconds.
# Usage: with_cpu_per_ok RESULT BEFORE
with_cpu_per_ok() {
  # shellcheck disable=SC2046
  python3 - "$1" "$(getconf CLK_TCK)" $2 $(cpu_ticks) <<'PY'
import re, sys
result, tick = sys.argv[1], int(sys.argv[2])
before, after = [float(x) for x in sys.argv[3:6]], [float(x) for x in sys.argv[6:9]]
service, postgres, busy = ((a - b) / tick for a, b in zip(after, before))
ok = max(1, int(re.search(r"\bok=(\d+)", result).group(1)))
per = lambda seconds: round(seconds / ok * 1e6)
print(f"{result} cpu_us_per_ok: service={per(service)} postgres={per(postgres)} rest={per(busy - service - postgres)}")
PY
}
