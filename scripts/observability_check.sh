#!/usr/bin/env bash
# CI step 3's check that the observability stack shows real data: the packaged jar (its read side on a streaming
# standby) under mixed traffic (scripts/observability_traffic.py), scraped every second by Debian's Prometheus
# (2.42: older than 2.43, so the service runs with exemplars off) with the alert rules of deploy/prometheus/alerts.yml;
# then the target must be up, every rule evaluate without error, the scrape pass a strict OpenMetrics parser, and every
# panel of the Grafana dashboard return data (scripts/dashboard_data.py).
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

step "the service, its reads on the standby, exemplars off"
app_port=$(free_port)
base="http://127.0.0.1:$app_port"
token="observability-$(date +%s%N)"
(
  cd "$jar_dir"
  export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$PRIMARY_PORT/tracking" SPRING_DATASOURCE_USERNAME=postgres \
    SPRING_DATASOURCE_PASSWORD="" SPRING_DATA_REDIS_HOST=127.0.0.1 SPRING_DATA_REDIS_PORT=6379 SERVER_PORT="$app_port" \
    TRACKING_ADMIN_TOKEN="$token" TRACKING_READ_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:$STANDBY_PORT/tracking" \
    TRACKING_READ_DATASOURCE_USERNAME=postgres TRACKING_METRICS_EXEMPLARS=false MANAGEMENT_TRACING_SAMPLING_PROBABILITY=1.0
  exec java -jar app/volcanion-tracking.jar >"$tmp/app.log" 2>&1
) &
app_pid=$!
healthy=$(await_health "$base" "$app_pid" 120) || fail "the service did not become healthy within 120 s (or stopped)"
echo "ok: healthy after ${healthy}s on port $app_port"

step "Prometheus $("$tools/usr/bin/prometheus" --version 2>&1 | head -1 | cut -d' ' -f3), scraping it every second"
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
python3 - "$tmp/targets.json" <<'PY' || fail "Prometheus does not scrape the service"
import json, sys
targets = json.load(open(sys.argv[1]))["data"]["activeTargets"]
for t in targets:
    print(f"target {t['scrapeUrl']}: health {t['health']}, lastError {t['lastError']!r}")
sys.exit(0 if targets and all(t["health"] == "up" and not t["lastError"] for t in targets) else 1)
PY
echo "ok: the target is up, its last scrape without error: Prometheus 2.42 takes the scrape with exemplars off"
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
active = sorted(f"{n} ({r['state']})" for n, r in loaded.items() if r.get("state", "inactive") != "inactive")
print(f"{len(defined) - bad} of {len(defined)} rules evaluate without error; pending or firing: {', '.join(active) or 'none'}")
sys.exit(1 if bad else 0)
PY
echo "ok: every rule of deploy/prometheus/alerts.yml is loaded and evaluates"

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
PY
echo "ok: parsed as OpenMetrics ($content_type)"

step "every dashboard panel has data"
python3 scripts/dashboard_data.py "$prometheus" "$dashboard" 5m || fail "a dashboard panel has no data"
echo "ok: observability check passed in $(( $(date +%s) - started ))s"
