#!/usr/bin/env bash
# Starts the whole hub locally: Elasticsearch, PostgreSQL and Keycloak (demo realm), then the hub itself.
# Usage: deploy/local/hub.sh [start|stop|status]
# VERBUND_KEYS=files deploy/local/hub.sh keeps the keys in files instead of the SoftHSM token (development only).
# VERBUND_HUB_JAVA_OPTS adds JVM options (e.g. -XX:FlightRecorderOptions:stackdepth=256 for a profile).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ACTION="${1:-start}"
WORK="$(choose_work_dir)"
HUB_DIR="$WORK/hub"; PID="$WORK/run/hub.pid"; LOG="$WORK/logs/hub.log"

hub_ready() { curl -fsS "http://127.0.0.1:$VERBUND_HUB_PORT/actuator/health" | grep -q '"UP"'; }

stop_hub() {
  if pid_alive "$PID"; then
    log "stopping the hub"; kill "$(cat "$PID")"
    local i; for i in $(seq 1 30); do pid_alive "$PID" || break; sleep 1; done
  fi
  rm -f "$PID"
}

case "$ACTION" in
  stop)
    stop_hub; bash "$VERBUND_REPO/deploy/local/services.sh" stop; exit 0 ;;
  status)
    bash "$VERBUND_REPO/deploy/local/services.sh" status
    printf 'Hub:           %s\n' "$(hub_ready 2>/dev/null && echo "up on 127.0.0.1:$VERBUND_HUB_PORT" || echo down)"; exit 0 ;;
  start) ;;
  *) fail "usage: $0 [start|stop|status]" ;;
esac

bash "$VERBUND_REPO/deploy/local/services.sh" start
# shellcheck disable=SC1091
source "$WORK/verbund.env"

stop_hub
port_in_use "$VERBUND_HUB_PORT" && fail "port $VERBUND_HUB_PORT is taken by another program; free it or set VERBUND_HUB_PORT"

# the build is skipped when nothing under a module's src/ nor a pom.xml changed since the last one (the stamp)
BUILT="$HUB_DIR/.built"
changed_since_build() {
  [[ -f "$BUILT" && -f "$HUB_DIR/verbund-hub.jar" ]] || return 0
  [[ -n "$(cd "$VERBUND_REPO" && find . -path ./.work -prune -o -path '*/target' -prune -o -newer "$BUILT" -type f \
      \( -path '*/src/*' -o -name pom.xml \) -print -quit)" ]]
}
mkdir -p "$HUB_DIR"
if changed_since_build; then
  log "building the hub (mvn package, tests skipped here; deploy/local/test.sh runs them)"
  touch "$BUILT.next" # before the build: a file changed while it runs counts as changed next time
  (cd "$VERBUND_REPO" && mvn -B -q -DskipTests install) || fail "the build failed"
  cp "$VERBUND_REPO/hub/target/verbund-hub-exec.jar" "$HUB_DIR/verbund-hub.jar"
  mv "$BUILT.next" "$BUILT"
else
  log "the hub is built and unchanged since (sources older than $BUILT): starting it"
fi
is_root && chown -R "$VERBUND_SERVICE_USER" "$HUB_DIR"

log "starting the hub on 127.0.0.1:$VERBUND_HUB_PORT"
# VERBUND_KEYS=files keeps the keys in the development key files instead of the SoftHSM token (development only)
if [[ "${VERBUND_KEYS:-token}" == files ]]; then
  log "keys in the development key files (VERBUND_KEYS=files), not in the PKCS#11 token"
  unset VERBUND_PKCS11_LIBRARY
fi
as_service env $(grep -o 'VERBUND_[A-Z_]*=' "$WORK/verbund.env" | grep -v '_TEST_' | tr -d = | while read -r v; do [[ -n "${!v+x}" ]] && printf '%s=%s ' "$v" "${!v}"; done) \
  SOFTHSM2_CONF="$SOFTHSM2_CONF" \
  VERBUND_HUB_PORT="$VERBUND_HUB_PORT" \
  VERBUND_QUOTA_SELECTORS_PER_HOUR="${VERBUND_QUOTA_SELECTORS_PER_HOUR:-2000}" \
  VERBUND_QUOTA_SELECTORS_PER_DAY="${VERBUND_QUOTA_SELECTORS_PER_DAY:-10000}" \
  VERBUND_QUOTA_SEARCHES_PER_MINUTE="${VERBUND_QUOTA_SEARCHES_PER_MINUTE:-120}" \
  VERBUND_LIFECYCLE_COMPACTIONQUIET="${VERBUND_COMPACTION_QUIET:-10m}" \
  JAVA_HOME_HUB="$JAVA_HOME" VERBUND_HUB_JAVA_OPTS="${VERBUND_HUB_JAVA_OPTS:-}" \
  setsid bash -c 'echo $$ >"$0"; exec "$JAVA_HOME_HUB/bin/java" -Xms256m -Xmx1g --enable-native-access=ALL-UNNAMED $VERBUND_HUB_JAVA_OPTS -jar "$1"' "$PID" "$HUB_DIR/verbund-hub.jar" \
  </dev/null >"$LOG" 2>&1 &
wait_for "the hub" 120 hub_ready || { tail -40 "$LOG" >&2; fail "the hub did not come up within 120 s (see $LOG)"; }

cat <<INFO

Verbund is running: http://127.0.0.1:$VERBUND_HUB_PORT   (log: $LOG; stop with: deploy/local/hub.sh stop)
Keycloak (realm verbund): http://localhost:$VERBUND_KC_PORT   demo users, password 'verbund-demo':
  submitter-bka, submitter-by, analyst-bka, analyst-nw, analyst-by, approver-bka, approver-by, oversight-bfdi, admin-ops

Web UI: http://127.0.0.1:$VERBUND_HUB_PORT/ui/   — start here; each demo user lands on its role's page:
  submitter-by    upload reports with their labels          analyst-by      search, read, check selectors
  approver-bka    decide access requests to BKA reports     oversight-bfdi  audit events, who saw what, checkpoint
  admin-ops       health of the services
  Try: upload a file as submitter-by, find it as analyst-by (state a file number and purpose first).

First call — submit a report as BKA, then find it as an LKA-BY analyst:

  token() { curl -s -d grant_type=password -d client_id=verbund-cli -d username=\$1 -d password=verbund-demo \\
      http://localhost:$VERBUND_KC_PORT/realms/verbund/protocol/openid-connect/token | sed 's/.*"access_token":"\\([^"]*\\)".*/\\1/'; }
  echo 'Ermittlungen zu einer Phishing-Welle gegen Sparkassenkunden' > bericht.txt
  curl -s -H "Authorization: Bearer \$(token submitter-bka)" -F file=@bericht.txt \\
    -F 'labels={"caseReference":"BKA-SO41-2026-1","title":"Phishing Sparkassen","phenomenonArea":"CYBER","classification":"VS-NFD","releasableTo":["ALL"],"handlingCode":"H0","disclosure":"FULL","collection":"OPEN","reviewBy":"2030-01-01"};type=application/json' \\
    http://127.0.0.1:$VERBUND_HUB_PORT/api/v1/reports
  curl -s -H "Authorization: Bearer \$(token analyst-by)" -H 'Content-Type: application/json' \\
    -d '{"query":"Phishing","purpose":"Abgleich eigener Ermittlungen","caseReference":"LKA-BY-K3-2026-7"}' \\
    http://127.0.0.1:$VERBUND_HUB_PORT/api/v1/search
INFO
