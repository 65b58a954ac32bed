#!/usr/bin/env bash
# Seconds from `deploy/local/hub.sh` until an analyst's first search is answered (performance issue: ≤ 60 s with the
# services installed). Usage: bench/start-time.sh [warm|cold]
#   warm (default): Elasticsearch, PostgreSQL and Keycloak are running; only the hub starts
#   cold: they are stopped first and start with the hub
# The hub is built beforehand if its sources changed, so the figure is the start, not the build.
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"
MODE="${1:-warm}"
WORK="$(choose_work_dir)"
HUB="$VERBUND_REPO/deploy/local/hub.sh"
bash "$HUB" >/dev/null 2>&1 || fail "the hub does not start (run deploy/local/hub.sh to see why)"
if [[ "$MODE" == cold ]]; then bash "$HUB" stop >/dev/null 2>&1; else
  # only the hub (its pid file is the one hub.sh writes), and wait until it has gone, so its stop is not timed
  kill "$(cat "$WORK/run/hub.pid")" 2>/dev/null
  for _ in $(seq 1 60); do pid_alive "$WORK/run/hub.pid" || break; sleep 0.5; done; fi
# shellcheck disable=SC1091
source "$WORK/verbund.env"
start=$(date +%s.%N)
bash "$HUB" >/dev/null 2>&1 || fail "the hub did not start"
token=$(curl -s -d grant_type=password -d client_id=verbund-cli -d username=analyst-nw -d password=verbund-demo \
  "http://localhost:$VERBUND_KC_PORT/realms/verbund/protocol/openid-connect/token" | sed 's/.*"access_token":"\([^"]*\)".*/\1/')
for _ in $(seq 1 600); do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"query":"Phishing","purpose":"Start","caseReference":"NW-START-1"}' "http://127.0.0.1:$VERBUND_HUB_PORT/api/v1/search")
  [[ "$status" == 200 ]] && break
  sleep 0.1
done
[[ "$status" == 200 ]] || fail "no search answered"
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v m="$MODE" 'BEGIN { printf "hub.sh (%s services) until the first answered search: %.1f s\n", m, e - s }'
