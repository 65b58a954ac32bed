#!/usr/bin/env bash
# CPU seconds PostgreSQL and the hub use while the hub is idle (performance issue: what a running hub costs when nobody
# asks anything — the audit checkpointer runs twice a second). Start the hub first (deploy/local/hub.sh) and let it
# settle for half a minute. Usage: bench/idle-cpu.sh [seconds, default 60]
# PostgreSQL's figure sums the postmaster and its backends (/proc/<pid>/stat utime + stime) and adds what the
# postmaster collected from backends that ended meanwhile (cutime + cstime).
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"
SECONDS_IDLE="${1:-60}"
WORK="$(choose_work_dir)"
postmaster="$(head -1 "$WORK/pg/data/postmaster.pid" 2>/dev/null)"
hub="$(cat "$WORK/run/hub.pid" 2>/dev/null)"
[[ -n "$postmaster" && -d "/proc/$postmaster" ]] || fail "PostgreSQL is not running (deploy/local/hub.sh starts it)"
[[ -n "$hub" && -d "/proc/$hub" ]] || fail "the hub is not running (deploy/local/hub.sh)"
ticks() { # utime + stime (+ cutime + cstime with a second argument) of one process, in clock ticks
  local f; read -r -a f < "/proc/$1/stat" 2>/dev/null || { echo 0; return; }
  if [[ -n "${2:-}" ]]; then echo $((f[13] + f[14] + f[15] + f[16])); else echo $((f[13] + f[14])); fi
}
postgres_ticks() {
  local t; t=$(ticks "$postmaster" children)
  for p in $(pgrep -P "$postmaster"); do t=$((t + $(ticks "$p"))); done
  echo "$t"
}
hub_ticks() { # the hub's JVM and its children (the parser processes)
  local t; t=$(ticks "$hub"); for p in $(pgrep -P "$hub"); do t=$((t + $(ticks "$p"))); done; echo "$t"
}
p0=$(postgres_ticks); h0=$(hub_ticks)
sleep "$SECONDS_IDLE"
p1=$(postgres_ticks); h1=$(hub_ticks)
hz=$(getconf CLK_TCK)
awk -v p=$((p1 - p0)) -v h=$((h1 - h0)) -v hz="$hz" -v s="$SECONDS_IDLE" \
  'BEGIN { printf "idle %d s: PostgreSQL %.2f s CPU, hub with its parser processes %.2f s CPU\n", s, p / hz, h / hz }'
