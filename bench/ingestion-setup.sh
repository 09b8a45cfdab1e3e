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
