#!/usr/bin/env bash
# Analytics over the last 30 days of a benchmark's events: a 3-step funnel (window P14D), an 8-week retention and
# daily sessions (PT30M, the kept table), each ANALYTICS_REPEAT (20) times as a cache miss (a new partner generation
# before each) and then a hit, after 3 unmeasured requests; p50/p95 of each.
# bench/read.sh sources it (measure_analytics). Run alone, it asks again on a database bench/read.sh kept
# (KEEP_DATABASE=1), through the packaged jar started on it with its projector off:
#   bash bench/analytics.sh DATABASE FROM TO      (FROM and TO as read.sh printed them for its statistics)

# p50/p95 of the durations (seconds) read from standard input, in milliseconds
percentiles() { python3 -c "import sys; v=sorted(float(x)*1000 for x in sys.stdin.read().split()); print(f'p50={v[len(v)//2]:.1f} ms p95={v[min(len(v)-1,int(len(v)*0.95))]:.1f} ms')"; }

# Usage: measure_analytics BASE_URL AUTH_HEADER PARTNER_ID FROM TO
measure_analytics() {
  local base=$1 auth=$2 partner_id=$3 from=$4 to=$5 repeat=${ANALYTICS_REPEAT:-20}
  local analytics="$base/api/analytics/partners/$partner_id"
  measure() {
    local url=$1 misses="" hits=""
    for _ in 1 2 3; do curl -sf -o /dev/null "$url" -H "$auth"; done
    for _ in $(seq 1 "$repeat"); do
      redis-cli -h 127.0.0.1 -p 6379 incr "stats:gen:$partner_id" >/dev/null
      misses="$misses $(curl -sf -o /dev/null -w '%{time_total}' "$url" -H "$auth")"
      hits="$hits $(curl -sf -o /dev/null -w '%{time_total}' "$url" -H "$auth")"
    done
    echo "cache miss $(echo "$misses" | percentiles); cache hit $(echo "$hits" | percentiles)"
  }
  echo "analytics over the same 30 days, $repeat requests each (goal: p95 < 1 s on a cache miss):"
  local funnel="$analytics/funnel?step=Product%20Viewed&step=Added%20To%20Cart&step=Order%20Completed&window=P14D&from=$from&to=$to"
  echo "  funnel, 3 steps, window P14D: $(measure "$funnel")"
  echo "    answer: $(curl -sf "$funnel" -H "$auth" | head -c 600)"
  local retention="$analytics/retention?startEvent=Signed%20Up&returnEvent=Logged%20In&period=WEEK&periods=8&from=$from&to=$to"
  echo "  retention, weekly, 8 periods: $(measure "$retention")"
  local sessions="$analytics/sessions?interval=DAY&inactivity=PT30M&from=$from&to=$to"
  echo "  sessions, 30 days daily: $(measure "$sessions")"
  echo "    answer: $(curl -sf "$sessions" -H "$auth" | head -c 300)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  cd "$(dirname "$0")/.."
  . scripts/services.sh
  use_jdk25_when_present
  ensure_services
  [ $# -eq 3 ] || { echo "usage: bash bench/analytics.sh DATABASE FROM TO" >&2; exit 2; }
  database=$1
  [ -f tracking-api/target/volcanion-tracking.jar ] || ./mvnw -B -q -DskipTests package
  work=$(mktemp -d)
  app_pid=""
  trap 'kill $app_pid 2>/dev/null || true; rm -rf "$work"' EXIT
  base="http://127.0.0.1:18094"
  production_layout "$work" >/dev/null
  production_env "$database" 18094
  export TRACKING_ADMIN_TOKEN="bench-admin-token-$(date +%s%N)" TRACKING_PROJECTOR_ENABLED=false
  run_benchmark_service
  # rows loaded by bench/read.sh (or moved by the partition maintainer, which vacuums them itself but may not have
  # finished) have no visibility map until vacuumed: the analytics index would be read with a visit to every row
  psql -h 127.0.0.1 -U postgres -d "$database" -qc "vacuum analyze read.tracking_events_read_model"
  partner_id=$(psql -h 127.0.0.1 -U postgres -d "$database" -qtAc "select id from write.partners order by created_at limit 1")
  measure_analytics "$base" "Authorization: Bearer $TRACKING_ADMIN_TOKEN" "$partner_id" "$2" "$3"
fi
