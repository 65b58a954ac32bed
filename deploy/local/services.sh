#!/usr/bin/env bash
# Starts, stops and reports the services the hub needs, on loopback, without Docker:
#   Elasticsearch (file-realm security), PostgreSQL (Debian package), Keycloak (realm 'verbund').
# Usage: deploy/local/services.sh start|stop|status|env
# As root the services run as the unprivileged user 'verbund' (Elasticsearch and initdb refuse root).
# A second 'start' reuses what is there. Writes $WORK/verbund.env for the hub and the tests.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

WORK="$(choose_work_dir)"
RUN="$WORK/run"; LOGS="$WORK/logs"; DIST="$WORK/dist"
ES_HOME="$DIST/elasticsearch-$VERBUND_ES_VERSION"; ES_CONF="$WORK/es/config"; ES_DATA="$WORK/es/data"
KC_HOME="$DIST/keycloak-$VERBUND_KC_VERSION"
PG_DATA="$WORK/pg/data"; PG_SOCK="$WORK/pg/run"
SECRETS="$WORK/secrets.env"; ENV_FILE="$WORK/verbund.env"

prepare_work() {
  mkdir -p "$WORK" "$RUN" "$LOGS" "$DIST" "$WORK/es" "$WORK/pg" "$PG_SOCK"
  if [[ ! -f "$SECRETS" ]]; then
    umask 077
    cat >"$SECRETS" <<SECRETS_EOF
VERBUND_ES_PASSWORD=$(random_secret)
VERBUND_ES_ADMIN_PASSWORD=$(random_secret)
VERBUND_PG_SUPER_PASSWORD=$(random_secret)
VERBUND_PG_OWNER_PASSWORD=$(random_secret)
VERBUND_PG_APP_PASSWORD=$(random_secret)
VERBUND_KC_ADMIN_PASSWORD=$(random_secret)
VERBUND_MASTER_SECRET=$(random_secret)$(random_secret)
SECRETS_EOF
    umask 022
  fi
  # shellcheck disable=SC1090
  source "$SECRETS"
  if [[ -z "${VERBUND_MASTER_SECRET:-}" ]]; then
    echo "VERBUND_MASTER_SECRET=$(random_secret)$(random_secret)" >>"$SECRETS"
    # shellcheck disable=SC1090
    source "$SECRETS"
  fi
  if [[ -z "${VERBUND_PKCS11_PIN:-}" ]]; then
    # user and security-officer PINs of the local SoftHSM tokens (hub and tests); 'verbund' cannot read them
    { echo "VERBUND_PKCS11_PIN=$(random_secret)"; echo "VERBUND_PKCS11_TEST_PIN=$(random_secret)"
      echo "VERBUND_PKCS11_SO_PIN=$(random_secret)"; } >>"$SECRETS"
    # shellcheck disable=SC1090
    source "$SECRETS"
  fi
  if is_root; then
    chown "$VERBUND_SERVICE_USER" "$WORK" "$RUN" "$LOGS" "$DIST" "$WORK/es" "$WORK/pg" "$PG_SOCK"
    chmod 700 "$PG_SOCK"
  fi
}

write_env() {
  umask 077
  cat >"$ENV_FILE" <<ENV_EOF
# Written by deploy/local/services.sh; holds local demo secrets. Do not commit.
export VERBUND_WORK='$WORK'
export VERBUND_ES_URL='http://127.0.0.1:$VERBUND_ES_PORT'
export VERBUND_ES_USER='verbund_hub'
export VERBUND_ES_PASSWORD='$VERBUND_ES_PASSWORD'
export VERBUND_ES_ADMIN_USER='verbund_admin'
export VERBUND_ES_ADMIN_PASSWORD='$VERBUND_ES_ADMIN_PASSWORD'
export VERBUND_PG_URL='jdbc:postgresql://127.0.0.1:$VERBUND_PG_PORT/verbund'
export VERBUND_PG_TEST_URL='jdbc:postgresql://127.0.0.1:$VERBUND_PG_PORT/verbund_test'
export VERBUND_PG_OWNER_USER='verbund_owner'
export VERBUND_PG_SUPER_USER='postgres'
export VERBUND_PG_SUPER_PASSWORD='$VERBUND_PG_SUPER_PASSWORD'
export VERBUND_PG_OWNER_PASSWORD='$VERBUND_PG_OWNER_PASSWORD'
export VERBUND_PG_APP_USER='verbund_app'
export VERBUND_PG_APP_PASSWORD='$VERBUND_PG_APP_PASSWORD'
export VERBUND_KEYCLOAK_URL='http://localhost:$VERBUND_KC_PORT'
export VERBUND_ISSUER='http://localhost:$VERBUND_KC_PORT/realms/verbund'
export VERBUND_MASTER_SECRET='$VERBUND_MASTER_SECRET'
export VERBUND_VAULT_DIR='$WORK/hub/vault'
export VERBUND_KEYSTORE='$WORK/hub/keys/kek.p12'
export VERBUND_TRUST_DIR='$WORK/hub/trust'
export VERBUND_AUDIT_SIGNING_KEY='$WORK/hub/keys/audit-signing.key'
export SOFTHSM2_CONF='$SOFTHSM_CONF'
export VERBUND_PKCS11_LIBRARY='$SOFTHSM_LIB'
export VERBUND_PKCS11_TOKEN_LABEL='verbund'
export VERBUND_PKCS11_PIN='$VERBUND_PKCS11_PIN'
export VERBUND_PKCS11_TEST_TOKEN_LABEL='verbund-test'
export VERBUND_PKCS11_TEST_PIN='$VERBUND_PKCS11_TEST_PIN'
ENV_EOF
  umask 022
}

# ---------------------------------------------------------------- Elasticsearch
es_health() {
  curl -fsS -u "verbund_admin:$VERBUND_ES_ADMIN_PASSWORD" \
    "http://127.0.0.1:$VERBUND_ES_PORT/_cluster/health?wait_for_status=yellow&timeout=1s"
}

# The German analysis plugin (module es-analysis-german): built with Maven, installed when missing or changed.
PLUGIN_ZIP="$VERBUND_REPO/es-analysis-german/target/verbund-analysis-german.zip"
plugin_current() {
  [[ -f "$PLUGIN_ZIP" && -f "$WORK/es/verbund-analysis-german.sha" ]] &&
    [[ "$(sha256sum "$PLUGIN_ZIP" | cut -c1-64)" == "$(cat "$WORK/es/verbund-analysis-german.sha")" ]]
}

# The German word list the plugin's decompounder reads (Debian's wngerman, GPL-2+; copied into the plugin's jar by
# the build, never into the repository: docs/adr/0013).
ensure_wordlist() {
  [[ -s /usr/share/dict/ngerman ]] && return
  is_root || fail "the German word list is missing; install it once: sudo apt-get install wngerman"
  log "installing the German word list (apt-get install wngerman)"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wngerman >&2 \
    || fail "apt-get install wngerman failed"
}

build_plugin() {
  ensure_wordlist
  log "building the German analysis plugin (es-analysis-german)"
  (cd "$VERBUND_REPO" && mvn -B -q -pl es-analysis-german -am package -DskipTests >&2) \
    || fail "building es-analysis-german failed"
}

install_plugin() {
  if plugin_current; then return; fi
  if as_service env ES_PATH_CONF="$ES_CONF" "$ES_HOME/bin/elasticsearch-plugin" list 2>/dev/null | grep -q verbund-analysis-german; then
    as_service env ES_PATH_CONF="$ES_CONF" "$ES_HOME/bin/elasticsearch-plugin" remove verbund-analysis-german >&2 || true
  fi
  log "installing the German analysis plugin into Elasticsearch"
  cp "$PLUGIN_ZIP" "$WORK/es/verbund-analysis-german.zip"
  is_root && chown "$VERBUND_SERVICE_USER" "$WORK/es/verbund-analysis-german.zip"
  as_service env ES_PATH_CONF="$ES_CONF" "$ES_HOME/bin/elasticsearch-plugin" install --batch \
    "file://$WORK/es/verbund-analysis-german.zip" >"$LOGS/es-plugin.log" 2>&1 \
    || { tail -20 "$LOGS/es-plugin.log" >&2; fail "installing the analysis plugin failed"; }
  sha256sum "$PLUGIN_ZIP" | cut -c1-64 >"$WORK/es/verbund-analysis-german.sha"
}

start_es() {
  build_plugin
  if pid_alive "$RUN/es.pid" && es_health >/dev/null 2>&1; then
    if plugin_current; then log "Elasticsearch already running"; return; fi
    log "the analysis plugin changed; restarting Elasticsearch"
    stop_es
  fi
  port_in_use "$VERBUND_ES_PORT" && fail "port $VERBUND_ES_PORT is taken by another program; free it or set VERBUND_ES_PORT"
  install_es
  log "starting Elasticsearch $VERBUND_ES_VERSION on 127.0.0.1:$VERBUND_ES_PORT (heap $VERBUND_ES_HEAP)"
  as_service env ES_PATH_CONF="$ES_CONF" ES_JAVA_OPTS="-Xms$VERBUND_ES_HEAP -Xmx$VERBUND_ES_HEAP" \
    "$ES_HOME/bin/elasticsearch" -d -p "$RUN/es.pid" >"$LOGS/elasticsearch.out" 2>&1 \
    || { tail -30 "$LOGS/elasticsearch.out" >&2; fail "Elasticsearch did not start (see $LOGS/elasticsearch.out)"; }
  wait_for "Elasticsearch" 120 es_health || { tail -30 "$LOGS/elasticsearch/verbund-local.log" >&2 || true; fail "Elasticsearch did not become ready within 120 s (logs in $LOGS/elasticsearch)"; }
}

# Unpacks Elasticsearch, writes the single node's configuration, the file-realm users and the plugin (the cluster of
# deploy/local/cluster.sh copies users and roles from here).
install_es() {
  if [[ ! -x "$ES_HOME/bin/elasticsearch" ]]; then
    local zip; zip="$(maven_fetch "org.elasticsearch.distribution.integ-test-zip:elasticsearch:$VERBUND_ES_VERSION:zip")"
    log "unpacking Elasticsearch $VERBUND_ES_VERSION"
    rm -rf "$ES_HOME.tmp"; mkdir -p "$ES_HOME.tmp"
    unzip -q "$zip" -d "$ES_HOME.tmp" || fail "could not unpack $zip"
    mv "$ES_HOME.tmp/elasticsearch-$VERBUND_ES_VERSION" "$ES_HOME"; rm -rf "$ES_HOME.tmp"
    is_root && chown -R "$VERBUND_SERVICE_USER" "$ES_HOME"
  fi
  if [[ ! -d "$ES_CONF" ]]; then
    cp -r "$ES_HOME/config" "$ES_CONF"
  fi
  mkdir -p "$ES_DATA"
  cat >"$ES_CONF/elasticsearch.yml" <<YML
cluster.name: verbund-local
node.name: verbund-local-1
path.data: $ES_DATA
path.logs: $LOGS/elasticsearch
network.host: 127.0.0.1
http.port: $VERBUND_ES_PORT
discovery.type: single-node
xpack.security.enabled: true
xpack.security.http.ssl.enabled: false
xpack.security.transport.ssl.enabled: false
action.destructive_requires_name: true
YML
  cat >"$ES_CONF/roles.yml" <<YML
# The hub may only touch its own indices; it has no cluster-admin rights.
verbund_hub:
  cluster: [ "monitor", "manage_index_templates" ]
  indices:
    - names: [ "verbund-*" ]
      privileges: [ "all" ]
YML
  mkdir -p "$LOGS/elasticsearch"
  if is_root; then chown -R "$VERBUND_SERVICE_USER" "$ES_CONF" "$ES_DATA" "$LOGS/elasticsearch"; fi
  if ! grep -q '^verbund_hub:' "$ES_CONF/users" 2>/dev/null; then
    as_service env ES_PATH_CONF="$ES_CONF" "$ES_HOME/bin/elasticsearch-users" useradd verbund_hub -p "$VERBUND_ES_PASSWORD" -r verbund_hub \
      || fail "could not create Elasticsearch user verbund_hub"
    as_service env ES_PATH_CONF="$ES_CONF" "$ES_HOME/bin/elasticsearch-users" useradd verbund_admin -p "$VERBUND_ES_ADMIN_PASSWORD" -r superuser \
      || fail "could not create Elasticsearch user verbund_admin"
  fi
  install_plugin
}

stop_es() {
  if pid_alive "$RUN/es.pid"; then
    log "stopping Elasticsearch"; kill "$(cat "$RUN/es.pid" 2>/dev/null)" 2>/dev/null || true
    local i; for i in $(seq 1 30); do pid_alive "$RUN/es.pid" || break; sleep 1; done
  fi
  rm -f "$RUN/es.pid"
}

# ---------------------------------------------------------------- PostgreSQL
pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -z "$dir" ]]; then
    is_root || fail "PostgreSQL is not installed; run as root once or: sudo apt-get install postgresql"
    log "installing PostgreSQL from Debian (apt-get)"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 \
      || fail "apt-get install postgresql failed"
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  echo "$dir"
}

pg_ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$VERBUND_PG_PORT"; }

psql_super() {
  as_service env PGPASSWORD="$VERBUND_PG_SUPER_PASSWORD" "$PGBIN/psql" -v ON_ERROR_STOP=1 -q -h "$PG_SOCK" -p "$VERBUND_PG_PORT" -U postgres "$@"
}

start_pg() {
  PGBIN="$(pg_bin)"
  if [[ -f "$PG_DATA/postmaster.pid" ]] && kill -0 "$(head -1 "$PG_DATA/postmaster.pid")" 2>/dev/null && pg_ready; then log "PostgreSQL already running"; else
    port_in_use "$VERBUND_PG_PORT" && fail "port $VERBUND_PG_PORT is taken by another program; free it or set VERBUND_PG_PORT"
    if [[ ! -f "$PG_DATA/PG_VERSION" ]]; then
      log "initialising PostgreSQL data folder $PG_DATA"
      local pwfile="$WORK/pg/.pw"; (umask 077; echo "$VERBUND_PG_SUPER_PASSWORD" >"$pwfile")
      is_root && chown "$VERBUND_SERVICE_USER" "$pwfile"
      as_service "$PGBIN/initdb" -D "$PG_DATA" -U postgres --pwfile="$pwfile" --auth-local=scram-sha-256 --auth-host=scram-sha-256 \
        -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log" 2>&1 || { rm -f "$pwfile"; tail -20 "$LOGS/initdb.log" >&2; fail "initdb failed"; }
      rm -f "$pwfile"
    fi
    log "starting PostgreSQL ($("$PGBIN/postgres" --version)) on 127.0.0.1:$VERBUND_PG_PORT"
    as_service "$PGBIN/pg_ctl" -D "$PG_DATA" -l "$LOGS/postgresql.log" -w -t 60 \
      -o "-p $VERBUND_PG_PORT -k $PG_SOCK -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
      || { tail -20 "$LOGS/postgresql.log" >&2; fail "PostgreSQL did not start (see $LOGS/postgresql.log)"; }
    wait_for "PostgreSQL" 60 pg_ready || fail "PostgreSQL did not become ready"
  fi
  # Roles and databases: the owner runs migrations, the application role only what the migrations grant it.
  local db
  for db in verbund verbund_test; do
    database_sql "$db" | psql_super -d postgres
    psql_super -d "$db" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC; ALTER SCHEMA public OWNER TO verbund_owner;" \
      || fail "could not prepare database $db"
  done
}

stop_pg() {
  PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
  if [[ -n "$PGBIN" && -f "$PG_DATA/postmaster.pid" ]]; then
    log "stopping PostgreSQL"; as_service "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null || true
  fi
}

# ---------------------------------------------------------------- Keycloak
kc_ready() { curl -fsS "http://localhost:$VERBUND_KC_PORT/realms/verbund/.well-known/openid-configuration"; }

start_kc() {
  if pid_alive "$RUN/kc.pid" && kc_ready >/dev/null 2>&1; then
    if [[ "$(cat "$KC_HOME/data/import/.imported-sha" 2>/dev/null)" == "$(sha256sum "$VERBUND_REPO/deploy/keycloak/verbund-realm.json" | cut -c1-64)" ]]; then
      log "Keycloak already running"; return
    fi
    log "realm file changed since Keycloak started; restarting it"; stop_kc
  fi
  port_in_use "$VERBUND_KC_PORT" && fail "port $VERBUND_KC_PORT is taken by another program; free it or set VERBUND_KC_PORT"
  if [[ ! -x "$KC_HOME/bin/kc.sh" ]]; then
    local zip; zip="$(maven_fetch "org.keycloak:keycloak-quarkus-dist:$VERBUND_KC_VERSION:zip")"
    log "unpacking Keycloak $VERBUND_KC_VERSION"
    rm -rf "$KC_HOME.tmp"; mkdir -p "$KC_HOME.tmp"
    unzip -q "$zip" -d "$KC_HOME.tmp" || fail "could not unpack $zip"
    mv "$KC_HOME.tmp/keycloak-$VERBUND_KC_VERSION" "$KC_HOME"; rm -rf "$KC_HOME.tmp"
  fi
  mkdir -p "$KC_HOME/data/import"
  # --import-realm never overwrites an existing realm: when the realm file changed, start from a clean dev database.
  local realm_sha; realm_sha="$(sha256sum "$VERBUND_REPO/deploy/keycloak/verbund-realm.json" | cut -c1-64)"
  if [[ -d "$KC_HOME/data/h2" && "$(cat "$KC_HOME/data/import/.imported-sha" 2>/dev/null)" != "$realm_sha" ]]; then
    log "realm file changed; re-importing the development realm"
    rm -rf "$KC_HOME/data/h2"
  fi
  cp "$VERBUND_REPO/deploy/keycloak/verbund-realm.json" "$KC_HOME/data/import/verbund-realm.json"
  echo "$realm_sha" >"$KC_HOME/data/import/.imported-sha"
  is_root && chown -R "$VERBUND_SERVICE_USER" "$KC_HOME"
  log "starting Keycloak $VERBUND_KC_VERSION on localhost:$VERBUND_KC_PORT (first start builds, ~60 s)"
  as_service env KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD="$VERBUND_KC_ADMIN_PASSWORD" \
    JAVA_OPTS_KC_HEAP="-Xms256m -Xmx768m" \
    setsid bash -c 'echo $$ >"$0"; exec "$@"' "$RUN/kc.pid" \
    "$KC_HOME/bin/kc.sh" start-dev --import-realm --http-host=127.0.0.1 --http-port="$VERBUND_KC_PORT" \
    --hostname="http://localhost:$VERBUND_KC_PORT" </dev/null >"$LOGS/keycloak.log" 2>&1 &
  sleep 1
  wait_for "Keycloak" 180 kc_ready || { tail -30 "$LOGS/keycloak.log" >&2; fail "Keycloak did not become ready within 180 s (see $LOGS/keycloak.log)"; }
}

stop_kc() {
  if pid_alive "$RUN/kc.pid"; then
    log "stopping Keycloak"; kill "$(cat "$RUN/kc.pid" 2>/dev/null)" 2>/dev/null || true
    local i; for i in $(seq 1 30); do pid_alive "$RUN/kc.pid" || break; sleep 1; done
  fi
  rm -f "$RUN/kc.pid"
}

status() {
  printf 'work folder:   %s\n' "$WORK"
  printf 'Elasticsearch: %s\n' "$(es_health >/dev/null 2>&1 && echo "up on 127.0.0.1:$VERBUND_ES_PORT" || echo down)"
  printf 'PostgreSQL:    %s\n' "$(PGBIN="$(pg_bin)"; pg_ready && echo "up on 127.0.0.1:$VERBUND_PG_PORT" || echo down)"
  printf 'Keycloak:      %s\n' "$(kc_ready >/dev/null 2>&1 && echo "up on localhost:$VERBUND_KC_PORT" || echo down)"
}

command -v curl >/dev/null || fail "curl is required (apt-get install curl)"
command -v unzip >/dev/null || { is_root && apt-get install -y -qq unzip >&2; } || fail "unzip is required (apt-get install unzip)"

# Tesseract with German for OCR of scans and images (Tika calls it from the parser processes).
ensure_tesseract() {
  if command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx deu; then return; fi
  is_root || fail "Tesseract with German is missing; install it once: sudo apt-get install tesseract-ocr tesseract-ocr-deu"
  log "installing Tesseract OCR with German (apt-get)"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-deu >&2 \
    || fail "apt-get install tesseract-ocr tesseract-ocr-deu failed"
}

# SoftHSM2 from Debian: the PKCS#11 token that keeps the key-encryption keys and the audit checkpoint key (a
# hardware security module in production). Two tokens: 'verbund' for the hub, 'verbund-test' for the tests. They
# live below the hub's folder, which deploy/local/hub.sh hands to the service user.
SOFTHSM_DIR="$WORK/hub/softhsm"; SOFTHSM_CONF="$SOFTHSM_DIR/softhsm2.conf"; SOFTHSM_LIB=/usr/lib/softhsm/libsofthsm2.so
ensure_softhsm() {
  if [[ ! -f "$SOFTHSM_LIB" ]] || ! command -v softhsm2-util >/dev/null; then
    is_root || fail "SoftHSM2 is missing; install it once: sudo apt-get install softhsm2"
    log "installing SoftHSM2 (apt-get)"
    apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq softhsm2 >&2 \
      || fail "apt-get install softhsm2 failed"
  fi
  mkdir -p "$SOFTHSM_DIR/tokens"; chmod 700 "$SOFTHSM_DIR"
  cat >"$SOFTHSM_CONF" <<CONF_EOF
directories.tokendir = $SOFTHSM_DIR/tokens
objectstore.backend = file
log.level = ERROR
slots.removable = false
CONF_EOF
  local label pin
  for label in verbund verbund-test; do
    if ! SOFTHSM2_CONF="$SOFTHSM_CONF" softhsm2-util --show-slots 2>/dev/null | grep -q "Label: *$label *$"; then
      pin="$VERBUND_PKCS11_PIN"; [[ "$label" == verbund-test ]] && pin="$VERBUND_PKCS11_TEST_PIN"
      log "initialising the SoftHSM token '$label'"
      SOFTHSM2_CONF="$SOFTHSM_CONF" softhsm2-util --init-token --free --label "$label" \
        --so-pin "$VERBUND_PKCS11_SO_PIN" --pin "$pin" >/dev/null || fail "softhsm2-util --init-token $label failed"
    fi
  done
  is_root && chown -R "$VERBUND_SERVICE_USER" "$WORK/hub" 2>/dev/null
  return 0
}

prepare_work
case "${1:-start}" in
  start)
    ensure_tesseract; ensure_softhsm; start_pg; start_es; start_kc; write_env
    log "all services ready; environment in $ENV_FILE" ;;
  # for deploy/local/cluster.sh: everything installed, Keycloak and the token ready, no single-node ES or PostgreSQL
  cluster-base)
    ensure_tesseract; ensure_softhsm; build_plugin; install_es; start_kc; write_env
    log "Keycloak ready, Elasticsearch installed; environment in $ENV_FILE" ;;
  stop)   stop_kc; stop_es; stop_pg ;;
  status) status ;;
  env)    ensure_softhsm; write_env; echo "$ENV_FILE" ;;
  *) fail "usage: $0 start|stop|status|env|cluster-base" ;;
esac
