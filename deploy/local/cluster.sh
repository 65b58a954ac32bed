#!/usr/bin/env bash
# The hub as several equal instances on this one machine, on loopback, without Docker (docs/adr/0017):
#   three Elasticsearch nodes (TLS between them and to the hub), a PostgreSQL cluster under Patroni with etcd
#   (a primary, a synchronous standby and a second standby; TLS from the hub), Keycloak (from services.sh),
#   two hub instances sharing one vault folder, and HAProxy in front of them: the one address users call.
# Every setting is what separate hosts would use; only the addresses differ (ports instead of machines).
#
# Usage: deploy/local/cluster.sh start|stop|status
#        deploy/local/cluster.sh kill PART      kill -9 one part: es1..es3, hub1, hub2, pg1..pg3,
#                                               pg-primary (the Patroni member that is primary now),
#                                               hub-leader (the hub instance holding the leader role)
#        deploy/local/cluster.sh revive PART    starts a killed part again (es1..es3, hub1, hub2, pg1..pg3)
#        deploy/local/cluster.sh leader|pg-primary   prints which part holds the role now
# As root, everything runs as the unprivileged service user, as services.sh does.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WORK="$(choose_work_dir)"
C="$WORK/cluster"; RUN="$C/run"; LOGS="$C/logs"; CERTS="$C/certs"
ES_HOME="$WORK/dist/elasticsearch-$VERBUND_ES_VERSION"
LB_PORT="${VERBUND_CLUSTER_PORT:-8090}"
ES_HTTP=(9211 9212 9213); ES_TRANSPORT=(9311 9312 9313)
PG_PORTS=(5441 5442 5443); PATRONI_PORTS=(8011 8012 8013)
ETCD_CLIENT=2391; ETCD_PEER=2392
HUB_PORTS=(8091 8092); HUB_MGMT=(9471 9472)
CLUSTER_ENV="$C/cluster.env"

es_url_list() { local p out=""; for p in "${ES_HTTP[@]}"; do out+="${out:+,}https://127.0.0.1:$p"; done; echo "$out"; }
pg_url() {
  local p hosts=""; for p in "${PG_PORTS[@]}"; do hosts+="${hosts:+,}127.0.0.1:$p"; done
  echo "jdbc:postgresql://$hosts/verbund?targetServerType=primary&sslmode=verify-full&sslrootcert=$CERTS/ca.crt&connectTimeout=3&socketTimeout=60"
}

# ---------------------------------------------------------------- certificates (a local CA)
make_certs() {
  mkdir -p "$CERTS"
  if [[ ! -f "$CERTS/ca.crt" ]]; then
    log "generating the cluster's local CA and the node certificate (127.0.0.1, localhost)"
    openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=Verbund local cluster CA" \
      -keyout "$CERTS/ca.key" -out "$CERTS/ca.crt" 2>/dev/null || fail "openssl could not create the CA"
    openssl req -newkey rsa:3072 -nodes -subj "/CN=localhost" -keyout "$CERTS/node.key" -out "$CERTS/node.csr" 2>/dev/null
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n' >"$CERTS/node.ext"
    openssl x509 -req -in "$CERTS/node.csr" -CA "$CERTS/ca.crt" -CAkey "$CERTS/ca.key" -CAcreateserial -days 825 \
      -extfile "$CERTS/node.ext" -out "$CERTS/node.crt" 2>/dev/null || fail "openssl could not sign the node certificate"
    rm -f "$CERTS/node.csr" "$CERTS/ca.key" # nothing else is ever signed with it
  fi
  chmod 600 "$CERTS/node.key"; chmod 644 "$CERTS/ca.crt" "$CERTS/node.crt"
  is_root && chown -R "$VERBUND_SERVICE_USER" "$CERTS"
  return 0
}

secrets() {
  if [[ ! -f "$C/secrets.env" ]]; then
    (umask 077; {
      echo "VERBUND_PG_REPLICATION_PASSWORD=$(random_secret)"
      echo "VERBUND_CURSOR_KEY=$(random_secret)$(random_secret)"
      echo "VERBUND_WEB_LOGIN_KEY=$(head -c 32 /dev/urandom | base64)"
    } >"$C/secrets.env")
  fi
  # shellcheck disable=SC1091
  source "$C/secrets.env"
}

# ---------------------------------------------------------------- Elasticsearch, three nodes
es_node_up() { curl -fsS --cacert "$CERTS/ca.crt" -u "verbund_admin:$VERBUND_ES_ADMIN_PASSWORD" "https://127.0.0.1:$1/_nodes/_local" >/dev/null; }
es_cluster_green() {
  curl -fsS --cacert "$CERTS/ca.crt" -u "verbund_admin:$VERBUND_ES_ADMIN_PASSWORD" \
    "https://127.0.0.1:${ES_HTTP[0]}/_cluster/health?wait_for_nodes=3&wait_for_status=yellow&timeout=1s" | grep -q '"number_of_nodes":3'
}

start_es_node() {
  local i="$1" n=$(( $1 + 1 )) dir="$C/es$(( $1 + 1 ))"
  pid_alive "$RUN/es$n.pid" && { log "es$n already running"; return; }
  mkdir -p "$dir/data" "$dir/logs"
  if [[ ! -d "$dir/config" ]]; then
    cp -r "$ES_HOME/config" "$dir/config"
    cp "$WORK/es/config/users" "$WORK/es/config/users_roles" "$WORK/es/config/roles.yml" "$dir/config/"
    mkdir -p "$dir/config/certs"; cp "$CERTS/ca.crt" "$CERTS/node.crt" "$CERTS/node.key" "$dir/config/certs/"
  fi
  cat >"$dir/config/elasticsearch.yml" <<YML
cluster.name: verbund-cluster
node.name: es$n
path.data: $dir/data
path.logs: $dir/logs
network.host: 127.0.0.1
http.port: ${ES_HTTP[$i]}
transport.port: ${ES_TRANSPORT[$i]}
discovery.seed_hosts: [ "127.0.0.1:${ES_TRANSPORT[0]}", "127.0.0.1:${ES_TRANSPORT[1]}", "127.0.0.1:${ES_TRANSPORT[2]}" ]
cluster.initial_master_nodes: [ "es1", "es2", "es3" ]
xpack.security.enabled: true
xpack.security.transport.ssl.enabled: true
xpack.security.transport.ssl.verification_mode: full
xpack.security.transport.ssl.key: certs/node.key
xpack.security.transport.ssl.certificate: certs/node.crt
xpack.security.transport.ssl.certificate_authorities: [ "certs/ca.crt" ]
xpack.security.http.ssl.enabled: true
xpack.security.http.ssl.key: certs/node.key
xpack.security.http.ssl.certificate: certs/node.crt
xpack.security.http.ssl.certificate_authorities: [ "certs/ca.crt" ]
action.destructive_requires_name: true
YML
  is_root && chown -R "$VERBUND_SERVICE_USER" "$dir"
  port_in_use "${ES_HTTP[$i]}" && fail "port ${ES_HTTP[$i]} is taken by another program"
  log "starting Elasticsearch node es$n on 127.0.0.1:${ES_HTTP[$i]} (transport ${ES_TRANSPORT[$i]}, TLS)"
  # not daemonised (-d): a daemonised node returns only once it joined a cluster, and a restarted node of a stopped
  # cluster cannot join before its peers start too
  rm -f "$RUN/es$n.pid"
  as_service env ES_PATH_CONF="$dir/config" ES_JAVA_OPTS="-Xms512m -Xmx512m" \
    setsid "$ES_HOME/bin/elasticsearch" -p "$RUN/es$n.pid" </dev/null >"$LOGS/es$n.out" 2>&1 &
  local w; for w in $(seq 1 60); do [[ -s "$RUN/es$n.pid" ]] && break; sleep 0.5; done
  [[ -s "$RUN/es$n.pid" ]] || { tail -30 "$LOGS/es$n.out" >&2; fail "es$n did not start"; }
}

# ---------------------------------------------------------------- PostgreSQL under Patroni, etcd as its store
etcd_up() { curl -fsS "http://127.0.0.1:$ETCD_CLIENT/health" | grep -q true; }
start_etcd() {
  pid_alive "$RUN/etcd.pid" && return
  mkdir -p "$C/etcd"; chmod 700 "$C/etcd"; is_root && chown -R "$VERBUND_SERVICE_USER" "$C/etcd"
  log "starting etcd on 127.0.0.1:$ETCD_CLIENT (Patroni's configuration store)"
  as_service setsid bash -c 'echo $$ >"$0"; exec "$@"' "$RUN/etcd.pid" etcd --name e1 --data-dir "$C/etcd" \
    --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT" --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT" \
    --listen-peer-urls "http://127.0.0.1:$ETCD_PEER" --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER" \
    --initial-cluster "e1=http://127.0.0.1:$ETCD_PEER" --enable-v2=true </dev/null >"$LOGS/etcd.log" 2>&1 &
  wait_for "etcd" 30 etcd_up || { tail -20 "$LOGS/etcd.log" >&2; fail "etcd did not start"; }
}

pg_member_yml() {
  local i="$1" n=$(( $1 + 1 )) dir="$C/pg$(( $1 + 1 ))" bin; bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  cat <<YML
scope: verbund
namespace: /verbund/
name: pg$n
restapi:
  listen: 127.0.0.1:${PATRONI_PORTS[$i]}
  connect_address: 127.0.0.1:${PATRONI_PORTS[$i]}
etcd3:
  hosts: 127.0.0.1:$ETCD_CLIENT
bootstrap:
  dcs:
    ttl: 20
    loop_wait: 2
    retry_timeout: 5
    maximum_lag_on_failover: 1048576
    # a commit is acknowledged only once a synchronous standby has it; strict: never fall back to a lone primary
    synchronous_mode: true
    synchronous_mode_strict: true
    synchronous_node_count: 1
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 200
        wal_level: replica
        hot_standby: "on"
        wal_log_hints: "on"
        max_wal_senders: 10
        max_replication_slots: 10
        synchronous_commit: "on"
        ssl: "on"
        ssl_cert_file: $CERTS/node.crt
        ssl_key_file: $CERTS/node.key
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
    - auth-host: scram-sha-256
    - auth-local: scram-sha-256
postgresql:
  listen: 127.0.0.1:${PG_PORTS[$i]}
  connect_address: 127.0.0.1:${PG_PORTS[$i]}
  data_dir: $dir/data
  bin_dir: $bin
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
      password: "$VERBUND_PG_SUPER_PASSWORD"
    replication:
      username: replicator
      password: "$VERBUND_PG_REPLICATION_PASSWORD"
    rewind:
      username: postgres
      password: "$VERBUND_PG_SUPER_PASSWORD"
  parameters:
    unix_socket_directories: "$dir/run"
  pg_hba:
    - local all all scram-sha-256
    - hostssl replication replicator 127.0.0.1/32 scram-sha-256
    - hostssl all all 127.0.0.1/32 scram-sha-256
    - hostnossl all all 0.0.0.0/0 reject
tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
YML
}

start_pg_member() {
  local i="$1" n=$(( $1 + 1 )) dir="$C/pg$(( $1 + 1 ))"
  pid_alive "$RUN/patroni$n.pid" && { log "pg$n already running"; return; }
  mkdir -p "$dir/run"; chmod 700 "$dir" "$dir/run"
  (umask 077; pg_member_yml "$i" >"$dir/patroni.yml")
  is_root && chown -R "$VERBUND_SERVICE_USER" "$dir"
  log "starting PostgreSQL member pg$n under Patroni on 127.0.0.1:${PG_PORTS[$i]} (REST ${PATRONI_PORTS[$i]})"
  as_service setsid bash -c 'echo $$ >"$0"; exec "$@"' "$RUN/patroni$n.pid" patroni "$dir/patroni.yml" \
    </dev/null >>"$LOGS/patroni$n.log" 2>&1 &
}

patroni_role() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${PATRONI_PORTS[$1]}/$2" 2>/dev/null; }
pg_primary_index() {
  local i; for i in 0 1 2; do [[ "$(patroni_role "$i" primary)" == 200 ]] && { echo "$i"; return 0; }; done; return 1
}
pg_sync_ready() { curl -fsS "http://127.0.0.1:${PATRONI_PORTS[0]}/cluster" | grep -q '"role": *"sync_standby"'; }

psql_primary() {
  local i; i="$(pg_primary_index)" || fail "no PostgreSQL primary"
  as_service env PGPASSWORD="$VERBUND_PG_SUPER_PASSWORD" PGSSLMODE=verify-full PGSSLROOTCERT="$CERTS/ca.crt" \
    "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/psql" -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -p "${PG_PORTS[$i]}" -U postgres "$@"
}

prepare_database() {
  database_sql verbund | psql_primary -d postgres
  psql_primary -d verbund -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC; ALTER SCHEMA public OWNER TO verbund_owner;" \
    || fail "could not prepare the cluster's database"
}

# ---------------------------------------------------------------- hub instances
hub_ready() { curl -fsS "http://127.0.0.1:${HUB_MGMT[$1]}/actuator/health/readiness" | grep -q '"UP"'; }

start_hub() {
  local i="$1" n=$(( $1 + 1 )) dir="$C/hub$(( $1 + 1 ))"
  pid_alive "$RUN/hub$n.pid" && { log "hub$n already running"; return; }
  port_in_use "${HUB_PORTS[$i]}" && fail "port ${HUB_PORTS[$i]} is taken by another program"
  mkdir -p "$dir" "$C/vault"; is_root && chown -R "$VERBUND_SERVICE_USER" "$dir" "$C/vault"
  log "starting hub$n on 127.0.0.1:${HUB_PORTS[$i]} (management 127.0.0.1:${HUB_MGMT[$i]})"
  (
    cd "$dir"
    # shellcheck disable=SC1091
    source "$WORK/verbund.env"
    # shellcheck disable=SC1091
    source "$C/quotas.env"
    as_service env $(grep -o 'VERBUND_[A-Z_]*=' "$WORK/verbund.env" | grep -v '_TEST_' | tr -d = | while read -r v; do printf '%s=%s ' "$v" "${!v}"; done) \
      SOFTHSM2_CONF="$SOFTHSM2_CONF" \
      VERBUND_ES_URL="$(es_url_list)" VERBUND_ES_CA="$CERTS/ca.crt" \
      VERBUND_PG_URL="$(pg_url)" VERBUND_VAULT_DIR="$C/vault" \
      VERBUND_CURSOR_KEY="$VERBUND_CURSOR_KEY" VERBUND_WEB_LOGIN_KEY="$VERBUND_WEB_LOGIN_KEY" \
      VERBUND_NODE_NAME="hub$n" VERBUND_HUB_PORT="${HUB_PORTS[$i]}" \
      VERBUND_MANAGEMENT_PORT="${HUB_MGMT[$i]}" MANAGEMENT_SERVER_ADDRESS=127.0.0.1 \
      VERBUND_EXTRACT_WORKERS=1 VERBUND_EXTRACT_WORKDIR="$dir/extract" \
      VERBUND_QUOTA_SELECTORS_PER_HOUR="${VERBUND_QUOTA_SELECTORS_PER_HOUR:-2000}" \
      VERBUND_QUOTA_SELECTORS_PER_DAY="${VERBUND_QUOTA_SELECTORS_PER_DAY:-10000}" \
      VERBUND_QUOTA_SEARCHES_PER_MINUTE="${VERBUND_QUOTA_SEARCHES_PER_MINUTE:-120}" \
      JAVA_HOME_HUB="$JAVA_HOME" setsid bash -c 'echo $$ >"$0"; exec "$JAVA_HOME_HUB/bin/java" -Xms256m -Xmx768m --enable-native-access=ALL-UNNAMED -jar "$1"' \
      "$RUN/hub$n.pid" "$C/verbund-hub.jar" </dev/null >>"$LOGS/hub$n.log" 2>&1 &
  )
}

leader_hub() {
  local i; for i in 0 1; do
    curl -fsS "http://127.0.0.1:${HUB_MGMT[$i]}/actuator/prometheus" 2>/dev/null | grep -q '^verbund_cluster_leader{.*} 1' \
      && { echo "hub$(( i + 1 ))"; return 0; }
  done; return 1
}

# ---------------------------------------------------------------- HAProxy
lb_ready() { curl -fsS "http://127.0.0.1:$LB_PORT/api/v1/audit/public-key" >/dev/null; }
start_lb() {
  command -v haproxy >/dev/null || { is_root || fail "HAProxy is missing: sudo apt-get install haproxy"
    log "installing HAProxy (apt-get)"; apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >&2 || fail "apt-get install haproxy failed"; }
  pid_alive "$RUN/haproxy.pid" && return
  cat >"$C/haproxy.cfg" <<CFG
global
  maxconn 4000
  log stdout format raw local0 info

defaults
  mode http
  log global
  option httplog
  timeout connect 2s
  timeout client 120s
  timeout server 120s
  timeout http-request 30s
  # a request that never reached an instance goes to the other one (nothing was done); one that reached an
  # instance that died meanwhile is answered 502/504 and the client decides (submissions are idempotent by hash)
  retries 3
  retry-on conn-failure
  option redispatch

frontend verbund
  bind 127.0.0.1:$LB_PORT
  unique-id-format %{+X}o%ci%cp%fp%Ts%rt%pid
  http-request set-header X-Request-Id %[unique-id] unless { req.hdr(X-Request-Id) -m found }
  log-format "%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %ac/%fc/%bc/%sc/%rc %{+Q}r id=%ID"
  default_backend hubs

backend hubs
  balance roundrobin
  option httpchk GET /actuator/health/readiness
  http-check expect status 200
  default-server inter 1s fall 2 rise 2
  server hub1 127.0.0.1:${HUB_PORTS[0]} check port ${HUB_MGMT[0]}
  server hub2 127.0.0.1:${HUB_PORTS[1]} check port ${HUB_MGMT[1]}
CFG
  haproxy -c -q -f "$C/haproxy.cfg" || fail "the HAProxy configuration is invalid"
  log "starting HAProxy on 127.0.0.1:$LB_PORT"
  as_service setsid bash -c 'echo $$ >"$0"; exec haproxy -db -f "$1"' "$RUN/haproxy.pid" "$C/haproxy.cfg" \
    </dev/null >>"$LOGS/haproxy.log" 2>&1 &
}

# ---------------------------------------------------------------- actions
kill_pidfile() { local pid; pid="$(cat "$1" 2>/dev/null || true)"; [[ -n "$pid" ]] && kill -9 "$pid" 2>/dev/null || true; }

kill_part() {
  case "$1" in
    es1|es2|es3|hub1|hub2) kill_pidfile "$RUN/$1.pid"; log "killed $1 (kill -9)" ;;
    pg1|pg2|pg3)
      # the machine dies: Patroni and its PostgreSQL together
      local n="${1#pg}" pm; pm="$(head -1 "$C/pg$n/data/postmaster.pid" 2>/dev/null || true)"
      kill_pidfile "$RUN/patroni$n.pid"; [[ -n "$pm" ]] && kill -9 "$pm" 2>/dev/null || true
      pkill -9 -f -- "-D $C/pg$n/data" 2>/dev/null || true
      log "killed $1 (Patroni and PostgreSQL, kill -9)" ;;
    pg-primary) local i; i="$(pg_primary_index)" || fail "no primary to kill"; kill_part "pg$(( i + 1 ))" ;;
    hub-leader) local h; h="$(leader_hub)" || fail "no hub holds the leader role"; kill_part "$h" ;;
    *) fail "unknown part: $1" ;;
  esac
}

revive_part() {
  secrets
  # shellcheck disable=SC1091
  source "$WORK/verbund.env"
  case "$1" in
    es1|es2|es3) start_es_node "$(( ${1#es} - 1 ))" ;;
    hub1|hub2) start_hub "$(( ${1#hub} - 1 ))" ;;
    pg1|pg2|pg3) rm -f "$C/pg${1#pg}/data/postmaster.pid"; start_pg_member "$(( ${1#pg} - 1 ))" ;;
    *) fail "unknown part: $1" ;;
  esac
}

status() {
  # shellcheck disable=SC1091
  source "$WORK/verbund.env" 2>/dev/null || true
  local i
  for i in 0 1 2; do printf 'es%d:   %s\n' $(( i + 1 )) "$(es_node_up "${ES_HTTP[$i]}" 2>/dev/null && echo "up https://127.0.0.1:${ES_HTTP[$i]}" || echo down)"; done
  for i in 0 1 2; do
    local r=down
    [[ "$(patroni_role "$i" primary)" == 200 ]] && r="primary"
    [[ "$(patroni_role "$i" synchronous)" == 200 ]] && r="synchronous standby"
    [[ "$r" == down && "$(patroni_role "$i" replica)" == 200 ]] && r="standby"
    printf 'pg%d:   %s (127.0.0.1:%s)\n' $(( i + 1 )) "$r" "${PG_PORTS[$i]}"
  done
  for i in 0 1; do printf 'hub%d:  %s\n' $(( i + 1 )) "$(hub_ready "$i" 2>/dev/null && echo "up http://127.0.0.1:${HUB_PORTS[$i]}" || echo down)"; done
  printf 'leader: %s\n' "$(leader_hub || echo none)"
  printf 'load balancer: %s\n' "$(lb_ready 2>/dev/null && echo "up http://127.0.0.1:$LB_PORT" || echo down)"
}

stop_all() {
  local f
  for f in haproxy hub1 hub2; do kill_pidfile_gently "$RUN/$f.pid"; done
  for f in es1 es2 es3; do kill_pidfile_gently "$RUN/$f.pid"; done
  for f in patroni3 patroni2 patroni1; do kill_pidfile_gently "$RUN/$f.pid"; done
  kill_pidfile_gently "$RUN/etcd.pid"
  log "cluster stopped (Keycloak keeps running; deploy/local/services.sh stop ends it)"
}
kill_pidfile_gently() {
  local pid
  pid="$(cat "$1" 2>/dev/null || true)"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    local i; for i in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$1"
}

write_cluster_env() {
  (umask 077; cat >"$CLUSTER_ENV" <<ENV
# Written by deploy/local/cluster.sh: how tests and benchmarks reach the cluster. Holds local demo secrets.
export VERBUND_CLUSTER_URL='http://127.0.0.1:$LB_PORT'
export VERBUND_CLUSTER_HUBS='http://127.0.0.1:${HUB_PORTS[0]},http://127.0.0.1:${HUB_PORTS[1]}'
export VERBUND_CLUSTER_MANAGEMENT='http://127.0.0.1:${HUB_MGMT[0]},http://127.0.0.1:${HUB_MGMT[1]}'
export VERBUND_CLUSTER_ES='$(es_url_list)'
export VERBUND_CLUSTER_ES_CA='$CERTS/ca.crt'
export VERBUND_CLUSTER_PG='$(pg_url)'
export VERBUND_CLUSTER_SCRIPT='$VERBUND_REPO/deploy/local/cluster.sh'
ENV
  )
}

mkdir -p "$C" "$RUN" "$LOGS"
is_root && chown "$VERBUND_SERVICE_USER" "$C" "$RUN" "$LOGS"

case "${1:-start}" in
  start)
    bash "$VERBUND_REPO/deploy/local/services.sh" cluster-base
    # shellcheck disable=SC1091
    source "$WORK/verbund.env"
    secrets; make_certs
    # the analysts' limits of this cluster's hubs (0: off, for the fault test and benchmarks); kept for revived hubs
    printf 'VERBUND_QUOTA_SELECTORS_PER_HOUR=%s\nVERBUND_QUOTA_SELECTORS_PER_DAY=%s\nVERBUND_QUOTA_SEARCHES_PER_MINUTE=%s\n' \
      "${VERBUND_QUOTA_SELECTORS_PER_HOUR:-2000}" "${VERBUND_QUOTA_SELECTORS_PER_DAY:-10000}" \
      "${VERBUND_QUOTA_SEARCHES_PER_MINUTE:-120}" >"$C/quotas.env"
    log "building the hub (tests skipped)"
    (cd "$VERBUND_REPO" && mvn -B -q -DskipTests install) || fail "the build failed"
    cp "$VERBUND_REPO/hub/target/verbund-hub-exec.jar" "$C/verbund-hub.jar"; is_root && chown "$VERBUND_SERVICE_USER" "$C/verbund-hub.jar"
    start_etcd
    for i in 0 1 2; do start_pg_member "$i"; done
    for i in 0 1 2; do start_es_node "$i"; done
    wait_for "the PostgreSQL primary" 120 pg_primary_index || { tail -30 "$LOGS/patroni1.log" >&2; fail "no PostgreSQL primary within 120 s"; }
    wait_for "a synchronous standby" 180 pg_sync_ready || { tail -30 "$LOGS/patroni2.log" >&2; fail "no synchronous standby within 180 s"; }
    prepare_database
    wait_for "the Elasticsearch cluster (3 nodes)" 180 es_cluster_green || { tail -30 "$LOGS/es1.out" >&2; fail "the Elasticsearch cluster did not form"; }
    start_hub 0
    wait_for "hub1" 180 hub_ready 0 || { tail -40 "$LOGS/hub1.log" >&2; fail "hub1 did not come up"; }
    start_hub 1
    wait_for "hub2" 180 hub_ready 1 || { tail -40 "$LOGS/hub2.log" >&2; fail "hub2 did not come up"; }
    start_lb
    wait_for "the load balancer" 30 lb_ready || { tail -20 "$LOGS/haproxy.log" >&2; fail "HAProxy did not come up"; }
    write_cluster_env
    status
    cat <<INFO

Verbund cluster is running. Users call:  http://127.0.0.1:$LB_PORT   (web UI: http://127.0.0.1:$LB_PORT/ui/)
Metrics (operators only): http://127.0.0.1:${HUB_MGMT[0]}/actuator/prometheus, http://127.0.0.1:${HUB_MGMT[1]}/actuator/prometheus
Logs: $LOGS   Fault test: bench/run.sh faults   Stop: deploy/local/cluster.sh stop
INFO
    ;;
  stop) stop_all ;;
  status) status ;;
  kill) [[ -n "${2:-}" ]] || fail "usage: $0 kill PART"; secrets; source "$WORK/verbund.env"; kill_part "$2" ;;
  revive) [[ -n "${2:-}" ]] || fail "usage: $0 revive PART"; revive_part "$2" ;;
  leader) leader_hub || fail "no hub holds the leader role" ;;
  pg-primary) i="$(pg_primary_index)" || fail "no primary"; echo "pg$(( i + 1 ))" ;;
  *) fail "usage: $0 start|stop|status|kill PART|revive PART|leader|pg-primary" ;;
esac
