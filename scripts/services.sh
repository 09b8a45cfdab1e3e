# Shared by .ci/run and bench/: the machine's PostgreSQL and Redis, a fresh database, and the packaged jar in
# its production configuration. Source it; every function fails the caller's `set -e` script on error.

use_jdk25_when_present() {
  if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
    export PATH="$JAVA_HOME/bin:$PATH"
  fi
}

# Starts the machine's PostgreSQL and Redis services when they are down.
ensure_services() {
  if ! pg_isready -h 127.0.0.1 -p 5432 -q; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
  fi
  if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
    echo "starting Redis"
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log
    for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && break; sleep 1; done
  fi
}

# What the SDK tests need beyond a JDK: Debian's Chromium, and the npm SDKs of the committed lock file.
ensure_sdk_test_tools() {
  if [ ! -x /usr/bin/chromium ]; then
    echo "installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  (cd tracking-api/src/test/sdks && npm ci --no-audit --no-fund --loglevel=error)
}

psql_admin() { psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "$1"; }
create_database() { psql_admin "create database $1"; }
drop_database() { psql_admin "drop database if exists $1 with (force)" >/dev/null 2>&1 || true; }

# Lays the jar out as the Dockerfile does: every layer but embedded-servers. Usage: production_layout DIR [JAR]
production_layout() {
  local dir=$1 jar=${2:-tracking-api/target/volcanion-tracking.jar}
  java -Djarmode=tools -jar "$jar" extract --layers --destination "$dir/layers"
  mkdir -p "$dir/app"
  for layer in dependencies spring-boot-loader snapshot-dependencies application; do
    cp -r "$dir/layers/$layer/." "$dir/app/"
  done
}

# Production configuration against the machine's services. Usage: production_env DATABASE PORT
production_env() {
  export SPRING_DATASOURCE_URL="jdbc:postgresql://127.0.0.1:5432/$1"
  export SPRING_DATASOURCE_USERNAME=postgres
  export SPRING_DATASOURCE_PASSWORD=
  export SPRING_DATA_REDIS_HOST=127.0.0.1
  export SPRING_DATA_REDIS_PORT=6379
  export SERVER_PORT=$2
}

# Waits until the service answers /actuator/health. Usage: await_health BASE_URL PID SECONDS
await_health() {
  local base=$1 pid=$2 limit=$3 i
  for i in $(seq 1 "$limit"); do
    if curl -sf "$base/actuator/health" >/dev/null 2>&1; then echo "$i"; return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 1
  done
  return 1
}

# Waits (at most 300 s) until the service's projector has nothing left to project; prints the seconds it took.
# Usage: await_projection BASE_URL
await_projection() {
  local started
  started=$(date +%s)
  for _ in $(seq 1 300); do
    curl -sf "$1/actuator/prometheus" | grep -q '^tracking_projection_lag_seconds{.*} 0.0$' && break
    sleep 1
  done
  echo $(( $(date +%s) - started ))
}

json_field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

# For benchmarks: the packaged jar in production configuration on a fresh database, its heap limited to 512 MiB.
# Sets $work, $base, $app_pid, $database and TRACKING_ADMIN_TOKEN; when the calling script exits, stops it (and any
# pid in $extra_pids) and drops the database. Usage: start_benchmark_service DATABASE PORT
start_benchmark_service() {
  database=$1
  work=$(mktemp -d)
  base="http://127.0.0.1:$2"
  app_pid=""
  extra_pids=""
  trap stop_benchmark_service EXIT
  create_database "$database"
  production_layout "$work" >/dev/null
  production_env "$database" "$2"
  export TRACKING_ADMIN_TOKEN="bench-admin-token-$(date +%s%N)"
  export TRACKING_RATE_LIMIT_DEFAULT_PER_SECOND=1000000   # measure throughput, not the default rate limit
  run_benchmark_service
}

# (Re)starts the benchmark's service on its database, with extra JVM options. Usage: run_benchmark_service [OPTION...]
run_benchmark_service() {
  if [ -n "$app_pid" ]; then kill "$app_pid" 2>/dev/null || true; wait "$app_pid" 2>/dev/null || true; fi
  (cd "$work" && exec java -Xmx512m "$@" -jar app/volcanion-tracking.jar >> "$work/app.log" 2>&1) &
  app_pid=$!
  await_health "$base" "$app_pid" 120 >/dev/null || { tail -40 "$work/app.log"; exit 1; }
}

stop_benchmark_service() {
  for pid in $app_pid $extra_pids; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  if [ "${KEEP_DATABASE:-}" = 1 ]; then echo "kept database $database"; else drop_database "$database"; fi
  rm -rf "$work"
}

# docker-compose (to validate the compose file; no engine needed), Prometheus and promtool, and the Python
# prometheus_client (its strict OpenMetrics parser, for Debian's /usr/bin/python3) with python3-decorator, which it
# imports, from Debian's packages. All but docker-compose are taken out of their packages into TOOLS without
# installing them, so no Prometheus server starts on this machine as a service. Usage: ensure_observability_tools TOOLS
ensure_observability_tools() {
  local tools=$1 package
  local -A extracted=([prometheus]=usr/bin/promtool
                      [python3-prometheus-client]=usr/lib/python3/dist-packages/prometheus_client/__init__.py
                      [python3-decorator]=usr/lib/python3/dist-packages/decorator.py)
  local missing=()
  for package in "${!extracted[@]}"; do [ -e "$tools/${extracted[$package]}" ] || missing+=("$package"); done
  command -v docker-compose >/dev/null 2>&1 && [ ${#missing[@]} = 0 ] && return 0
  apt-get update -qq >/dev/null
  command -v docker-compose >/dev/null 2>&1 ||
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  for package in "${missing[@]}"; do
    chmod a+rwx "$tools"   # apt downloads as its own user (and dpkg -x gives the directory the package's mode)
    (cd "$tools" && apt-get download -qq "$package" >/dev/null)
    dpkg -x "$tools/${package}"_*.deb "$tools"
  done
}

# A TCP port nobody listens on at the moment of asking.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# A PostgreSQL primary with database `tracking` and a streaming hot standby of it, in DIR (which the caller removes),
# made with the newest server binaries under /usr/lib/postgresql, as tracking-reliability's PrimaryWithStandby does:
# the machine's own server accepts no replication connection, and its configuration is not ours to change. As root,
# the servers run as the postgres user. Sets PRIMARY_PORT and STANDBY_PORT. Usage: start_primary_with_standby DIR
start_primary_with_standby() {
  local dir=$1 bin
  bin=$(postgres_bin)
  PRIMARY_PORT=$(free_port)
  STANDBY_PORT=$(free_port)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/primary" -U postgres --auth=trust --no-sync >"$dir/initdb.log"
  local replication="host replication all 127.0.0.1/32 trust"   # initdb --auth=trust writes it today
  grep -qE "^${replication// /[[:space:]]+}$" "$dir/primary/pg_hba.conf" || echo "$replication" >>"$dir/primary/pg_hba.conf"
  start_postgres "$dir" primary "$PRIMARY_PORT"
  psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qc "create database tracking"
  # --checkpoint=fast: a spread checkpoint would keep the backup waiting for minutes
  as_postgres "$bin/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$dir/standby" -R -X stream \
    --checkpoint=fast --no-sync
  start_postgres "$dir" standby "$STANDBY_PORT"
}

# Stops what start_primary_with_standby started in DIR, at once. Usage: stop_primary_with_standby DIR
stop_primary_with_standby() {
  local server
  for server in standby primary; do
    if [ -f "$1/$server/postmaster.pid" ]; then
      as_postgres "$(postgres_bin)/pg_ctl" -D "$1/$server" -m immediate -w stop >/dev/null 2>&1 || true
    fi
  done
}

# The bin directory of the newest PostgreSQL server under /usr/lib/postgresql (the one with initdb).
postgres_bin() {
  local initdb
  initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1)
  [ -n "$initdb" ] || { echo "no PostgreSQL server binaries under /usr/lib/postgresql" >&2; return 1; }
  dirname "$initdb"
}

# Runs a command as the postgres user when root (PostgreSQL refuses to run as root), from / (which it can read).
as_postgres() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

# Usage: start_postgres DIR primary|standby PORT (its log: DIR/primary.log or DIR/standby.log)
start_postgres() {
  as_postgres "$(postgres_bin)/pg_ctl" -D "$1/$2" -l "$1/$2.log" -w -t 60 start -o \
    "-c listen_addresses=127.0.0.1 -c port=$3 -c unix_socket_directories=$1 -c fsync=off" >/dev/null
}
