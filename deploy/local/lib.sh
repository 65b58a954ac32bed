# shellcheck shell=bash
# Common functions of the local deployment scripts. Sourced, never executed.
# Everything runs on loopback; services run as an unprivileged user when called as root.

set -euo pipefail

VERBUND_REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERBUND_ES_VERSION="${VERBUND_ES_VERSION:-9.5.4}"
VERBUND_KC_VERSION="${VERBUND_KC_VERSION:-26.5.6}"
VERBUND_ES_PORT="${VERBUND_ES_PORT:-9200}"
VERBUND_PG_PORT="${VERBUND_PG_PORT:-5433}"
VERBUND_KC_PORT="${VERBUND_KC_PORT:-8180}"
VERBUND_HUB_PORT="${VERBUND_HUB_PORT:-8080}"
VERBUND_SERVICE_USER="${VERBUND_SERVICE_USER:-verbund}"
VERBUND_ES_HEAP="${VERBUND_ES_HEAP:-1g}"

log()  { printf '[verbund] %s\n' "$*" >&2; }
fail() { printf '[verbund] ERROR: %s\n' "$*" >&2; exit 1; }

# A JDK 21+ for Elasticsearch, Keycloak and the hub. Honours JAVA_HOME when it is new enough.
find_jdk() {
  local candidate version
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-21-jdk-amd64 \
                   /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/java-21-openjdk-amd64 /usr/lib/jvm/*; do
    [[ -n "$candidate" && -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]] || continue
    version="$("$candidate/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')"
    if [[ "${version%%.*}" =~ ^[0-9]+$ ]] && (( ${version%%.*} >= 21 )); then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

JDK="$(find_jdk)" || fail "no JDK 21 or newer found (looked at JAVA_HOME and /usr/lib/jvm). Install one, e.g. Temurin 21+, and set JAVA_HOME."
export JAVA_HOME="$JDK"

is_root() { [[ "$(id -u)" == 0 ]]; }

# The work folder holds all service data. It must be reachable by the service user.
choose_work_dir() {
  if [[ -n "${VERBUND_WORK:-}" ]]; then echo "$VERBUND_WORK"; return; fi
  local dir="$VERBUND_REPO/.work"
  if is_root; then
    ensure_service_user
    mkdir -p "$dir"
    if ! runuser -u "$VERBUND_SERVICE_USER" -- test -x "$dir" 2>/dev/null; then
      # The clone lives below a folder the service user cannot enter (e.g. /root): use /var/tmp instead.
      dir="/var/tmp/verbund-work-$(printf '%s' "$VERBUND_REPO" | sha256sum | cut -c1-12)"
      log "the service user cannot enter $VERBUND_REPO; using work folder $dir"
    fi
  fi
  echo "$dir"
}

ensure_service_user() {
  if ! id "$VERBUND_SERVICE_USER" >/dev/null 2>&1; then
    log "creating unprivileged service user '$VERBUND_SERVICE_USER'"
    useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin "$VERBUND_SERVICE_USER" \
      || fail "could not create service user $VERBUND_SERVICE_USER"
  fi
}

# Runs a command as the service user when we are root, else as ourselves.
as_service() {
  if is_root; then
    runuser -u "$VERBUND_SERVICE_USER" -- env -u JAVA_HOME ES_JAVA_HOME="$JAVA_HOME" KC_JAVA_HOME="$JAVA_HOME" PATH="$JAVA_HOME/bin:$PATH" "$@"
  else
    "$@"
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

pid_alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

# wait_for NAME SECONDS COMMAND... : polls COMMAND until it succeeds.
wait_for() {
  local name="$1" timeout="$2"; shift 2
  local start=$SECONDS
  until "$@" >/dev/null 2>&1; do
    if (( SECONDS - start > timeout )); then return 1; fi
    sleep 1
  done
  log "$name ready after $((SECONDS - start)) s"
}

# database_sql DB : the SQL that creates the roles and the database DB (the owner runs the migrations, the
# application role only what they grant it); run by the database superuser. Repeatable.
database_sql() {
  cat <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'verbund_owner') THEN
    CREATE ROLE verbund_owner LOGIN PASSWORD '$VERBUND_PG_OWNER_PASSWORD';
  END IF;
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'verbund_app') THEN
    CREATE ROLE verbund_app LOGIN PASSWORD '$VERBUND_PG_APP_PASSWORD';
  END IF;
  ALTER ROLE verbund_app LOGIN; -- a test that made the database unavailable may have died before restoring
END \$\$;
SELECT 'CREATE DATABASE $1 OWNER verbund_owner' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$1')\gexec
REVOKE ALL ON DATABASE $1 FROM PUBLIC;
GRANT CONNECT ON DATABASE $1 TO verbund_app;
SQL
}

random_secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' | cut -c1-24; }

# Fetches a Maven artifact into the local Maven repository (the download cache) and prints its path.
maven_fetch() {
  local gav="$1" group artifact version type path
  IFS=: read -r group artifact version type <<<"$gav"
  path="$(mvn_local_repo)/${group//.//}/$artifact/$version/$artifact-$version.$type"
  if [[ ! -f "$path" ]]; then
    log "downloading $gav through Maven (once)"
    mvn -B -q dependency:get -Dartifact="$gav" -Dtransitive=false >&2 \
      || fail "download of $gav failed (is Maven Central reachable?)"
  fi
  [[ -f "$path" ]] || fail "download of $gav did not produce $path"
  echo "$path"
}

mvn_local_repo() {
  if [[ -z "${_VERBUND_M2:-}" ]]; then
    _VERBUND_M2="$(mvn -B -q help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null || true)"
    [[ -d "$_VERBUND_M2" ]] || _VERBUND_M2="$HOME/.m2/repository"
  fi
  echo "$_VERBUND_M2"
}

# run_hub_command NAME : runs the built hub once with --verbund.command=NAME against the services of the work folder
# (rebuild-index, reextract-selectors) and exits with its exit code. The running hub keeps serving meanwhile.
run_hub_command() {
  local name="$1" work jar
  work="$(choose_work_dir)"
  # shellcheck disable=SC1091
  source "$work/verbund.env"
  jar="$work/hub/verbund-hub.jar"
  [[ -f "$jar" ]] || fail "no hub build in $jar; run deploy/local/hub.sh first"
  exec "$JAVA_HOME/bin/java" -Xmx512m -jar "$jar" --server.port=0 --verbund.command="$name" \
    --verbund.extract.workers=1 --verbund.extract.warm-up-parses=0 --verbund.extract.work-dir="$work/$name-extract"
}
