#!/usr/bin/env bash
# CI step 3's check that the observability stack shows real data: the packaged jar (its read side on a streaming
# standby; exemplars on, every request traced) under mixed traffic (scripts/observability_traffic.py), scraped every
# second by Debian's Prometheus (2.42, older than 2.43, which refuses exemplars where OpenMetrics 1.0 does not allow
# them) with the alert rules of deploy/prometheus/alerts.yml; then the target must have been up at every scrape, every
# rule evaluate without error and only those the traffic provokes be active, the scrape pass a strict OpenMetrics
# parser with its exemplars, what the traffic did show in the metrics, and every query of every panel of the Grafana
# dashboard return data (scripts/dashboard_data.py).
# Usage: bash scripts/observability_check.sh JAR_DIR TOOLS_DIR
#   JAR_DIR holds app/volcanion-tracking.jar as production_layout lays it out; TOOLS_DIR the extracted Debian
#   packages of ensure_observability_tools (fetched there when missing). Needs Redis at 127.0.0.1:6379.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/services.sh

jar_dir=$(cd "$1" && pwd)
tools=$(cd "$2" && pwd)
dashboard=deploy/grafana/dashboards/volcanion-tracking.json
use_jdk25_when_present
ensure_observability_tools "$tools"

tmp=$(mktemp -d)
chmod 711 "$tmp"   # the postgres user reaches its data directories below it
app_pid=""
prometheus_pid=""
doing="setting up"
failure=""
finish() {
  local status=$?
  for pid in $prometheus_pid $app_pid; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  stop_primary_with_standby "$tmp/postgres"
  if [ "$status" != 0 ]; then
    [ -f "$tmp/app.log" ] && { echo "--- the service's log, last 50 lines"; tail -50 "$tmp/app.log"; }
    [ -f "$tmp/prometheus.log" ] && { echo "--- Prometheus's log, last 20 lines"; tail -20 "$tmp/prometheus.log"; }
    echo "FAIL: ${failure:-$doing: exit status $status}"
  fi
  rm -rf "$tmp"
}
trap finish EXIT
step() { doing=$1; echo "--- $1"; }
fail() { failure=$*; exit 1; }
started=$(date +%s)

step "a PostgreSQL primary and a streaming standby of it, of our own"
mkdir "$tmp/postgres"
start_primary_with_standby "$tmp/postgres"
echo "ok: primary on port $PRIMARY_PORT, hot standby on port $STANDBY_PORT ($(postgres_bin))"

step "the service, its reads on the standby, every request traced (exemplars on)"
app_port=$(free_port)
base="http://127.0.0.1:$app_port"
token="observability-$(date +%s%N)"
(
  cd "$jar_dir"
  export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PRIMARY_PORT/tracking" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD="" SPRING_DATA_REDIS_HOST=127.0.0.1 SPRING_DATA_REDIS_PORT=6379 SERVER_PORT="$app_port" \
    TRACKING_ADMIN_TOKEN="$token" TRACKING_READ_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$STANDBY_PORT/tracking" \
    TRACKING_READ_DATASOURCE_USERNAME=postgres MANAGEMENT_TRACING_SAMPLING_PROBABILITY=1.0
  exec java -jar app/volcanion-tracking.jar >"$tmp/app.log" 2>&1
) &
app_pid=$!
healthy=$(await_health "$base" "$app_pid" 120) || fail "the service did not become healthy within 120 s (or stopped)"
echo "ok: healthy after ${healthy}s on port $app_port"

version=$("$tools/usr/bin/prometheus" --version 2>&1 | head -1 | cut -d' ' -f3)
step "Prometheus $version, scraping it every second"
# the point is a Prometheus before 2.43 (whose OpenMetrics parser refuses exemplars on _count lines, say)
[ "$(printf '%s\n' "$version" 2.43 | sort -V | head -1)" != 2.43 ] || fail "Prometheus $version is not older than 2.43"
prometheus_port=$(free_port)
prometheus="http://127.0.0.1:$prometheus_port"
cat >"$tmp/prometheus.yml" <<YML
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: ["$PWD/deploy/prometheus/alerts.yml"]
scrape_configs:
  - job_name: volcanion-tracking
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: ["127.0.0.1:$app_port"]
YML
"$tools/usr/bin/prometheus" --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/tsdb" \
  --web.listen-address="127.0.0.1:$prometheus_port" >"$tmp/prometheus.log" 2>&1 &
prometheus_pid=$!
for _ in $(seq 1 30); do curl -sf "$prometheus/-/ready" >/dev/null 2>&1 && break; sleep 1; done
curl -sf "$prometheus/-/ready" >/dev/null || { tail -20 "$tmp/prometheus.log"; fail "Prometheus not ready within 30 s"; }
echo "ok: ready on port $prometheus_port"

step "mixed traffic"
python3 scripts/observability_traffic.py "$base" "$token" || fail "the traffic got answers it should not have"
sleep 5   # a few more scrapes after the traffic
echo "ok: traffic done"

step "the scrape and the rules, as Prometheus sees them"
curl -sf -o "$tmp/targets.json" "$prometheus/api/v1/targets" || fail "no answer from Prometheus's targets API"
python3 - "$tmp/targets.json" "$prometheus" <<'PY' || fail "Prometheus does not scrape the service at every scrape"
import json, sys
sys.path.insert(0, "scripts")
from prometheus_api import value
targets = json.load(open(sys.argv[1]))["data"]["activeTargets"]
for t in targets:
    print(f"target {t['scrapeUrl']}: health {t['health']}, lastError {t['lastError']!r}")
scrapes = value(sys.argv[2], 'count_over_time(up{job="volcanion-tracking"}[5m])')
lowest = value(sys.argv[2], 'min_over_time(up{job="volcanion-tracking"}[5m])')
print(f"{scrapes:.0f} scrapes in the last 5 min, up at every one: {lowest == 1}")
sys.exit(0 if targets and all(t["health"] == "up" and not t["lastError"] for t in targets) and lowest == 1 else 1)
PY
echo "ok: the target was up at every scrape: Prometheus $version takes the scrape, exemplars and all"
curl -sf -o "$tmp/rules.json" "$prometheus/api/v1/rules" || fail "no answer from Prometheus's rules API"
python3 - "$tmp/rules.json" deploy/prometheus/alerts.yml <<'PY' || fail "an alert rule is not loaded or fails to evaluate"
import json, sys, yaml
loaded = {r["name"]: r for g in json.load(open(sys.argv[1]))["data"]["groups"] for r in g["rules"]}
defined = {r.get("alert") or r["record"] for g in yaml.safe_load(open(sys.argv[2]))["groups"] for r in g["rules"]}
bad = 0
for name in sorted(defined):
    rule = loaded.get(name)
    if rule is None or rule["health"] != "ok":
        bad += 1
        print(f"rule {name}: " + ("not loaded" if rule is None else f"health {rule['health']}, lastError {rule.get('lastError')!r}"))
# the traffic breaks the tracking plan and the rate limit on purpose, and refuses keys: those alerts may be pending
provoked = {"TrackingInvalidEventsHigh", "TrackingRateLimitRefusalsHigh", "TrackingAuthFailuresSpike"}
active = {n: r["state"] for n, r in loaded.items() if r.get("state", "inactive") != "inactive"}
print(f"{len(defined) - bad} of {len(defined)} rules evaluate without error; pending or firing: "
      f"{', '.join(f'{n} ({s})' for n, s in sorted(active.items())) or 'none'}")
unexpected = sorted(set(active) - provoked)
if unexpected:
    print(f"active but not provoked by the traffic: {', '.join(unexpected)}")
sys.exit(1 if bad or unexpected else 0)
PY
echo "ok: every rule of deploy/prometheus/alerts.yml is loaded and evaluates; none is active that the traffic did not provoke"

step "the scrape, parsed as strict OpenMetrics (Debian's python3-prometheus-client)"
content_type=$(curl -sf -o "$tmp/scrape.om" -w '%{content_type}' \
  -H 'Accept: application/openmetrics-text;version=1.0.0' "$base/actuator/prometheus") || fail "no OpenMetrics scrape"
PYTHONPATH="$tools/usr/lib/python3/dist-packages" /usr/bin/python3 - "$tmp/scrape.om" <<'PY' || fail "the OpenMetrics scrape ($content_type) does not parse"
import sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
families = list(text_string_to_metric_families(open(sys.argv[1]).read()))   # consumed whole: it parses lazily
samples = [s for f in families for s in f.samples]
exemplars = sum(s.exemplar is not None for s in samples)
print(f"{len(families)} metric families, {len(samples)} samples, {exemplars} exemplars")
sys.exit(0 if exemplars else 1)   # every request was traced: the parser saw exemplars and took them
PY
echo "ok: parsed as OpenMetrics ($content_type), exemplars and all"

step "what the traffic did, in the metrics"
python3 - "$prometheus" <<'PY' || fail "the metrics do not show what the traffic did"
import sys
sys.path.insert(0, "scripts")
from prometheus_api import value
# each must have grown over the traffic: a panel reading it could otherwise pass on a flat 0
MOVED = {
    "native events": 'tracking_events_ingested_total{api="native", result="accepted"}',
    "Segment events": 'tracking_events_ingested_total{api="segment", result="accepted"}',
    "invalid events": 'tracking_events_ingested_total{result="invalid"}',
    "rate-limit refusals": 'tracking_rate_limit_requests_total{result="limited"}',
    "refused keys": 'tracking_auth_failures_total',
    "unknown-key cache answers": 'tracking_cache_requests_total{cache="apikey", result="unknown"}',
    "reads on the replica": 'tracking_read_queries_total{source="replica"}',
    "deletions finished": 'tracking_jobs_total{kind="deletions", outcome="finished"}',
    "revalidations finished": 'tracking_jobs_total{kind="revalidations", outcome="finished"}',
    "events projected": 'tracking_projection_events_total',
}
missing = 0
for what, series in MOVED.items():
    query = f"sum(increase({series}[5m]))"
    grown = value(sys.argv[1], query) or 0.0
    missing += not grown > 0
    print(f"{'ok  ' if grown > 0 else 'FAIL'} {what}: {grown:.0f} ({query})")
sys.exit(1 if missing else 0)
PY
echo "ok: every kind of traffic shows in its metric"

step "every dashboard panel has data"
python3 scripts/dashboard_data.py "$prometheus" "$dashboard" 5m || fail "a dashboard panel has no data"
echo "ok: observability check passed in $(( $(date +%s) - started ))s"
