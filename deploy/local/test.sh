#!/usr/bin/env bash
# Runs all tests against real services: starts (or reuses) Elasticsearch, PostgreSQL and Keycloak,
# then 'mvn verify'. Extra arguments go to Maven (e.g. -pl access-control).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$VERBUND_REPO/deploy/local/services.sh" start

# The tools users run on their own machines (cli, audit-verifier) are tested on Java 17, Debian 12's default java.
find_java17() {
  local d
  for d in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/temurin-17-*; do
    if [ -x "$d/bin/java" ]; then export VERBUND_JAVA17_HOME="$d"; return 0; fi
  done
  return 1
}
if ! find_java17; then
  is_root || fail "a Java 17 runtime is missing; install it once: sudo apt-get install openjdk-17-jre-headless"
  log "installing a Java 17 runtime for the tools' tests (apt-get)"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >&2 \
    || fail "apt-get install openjdk-17-jre-headless failed"
  find_java17 || fail "no Java 17 runtime under /usr/lib/jvm after installing it"
fi

# Headless Chromium and its driver from Debian for the tests that need a real browser (the web UI, Swagger UI
# under its CSP).
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  is_root || fail "Chromium is missing; install it once: sudo apt-get install chromium chromium-driver"
  log "installing Chromium and chromedriver for the browser tests (apt-get)"
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >&2 \
    || fail "apt-get install chromium chromium-driver failed"
fi
export VERBUND_CHROMIUM="$(command -v chromium)" VERBUND_CHROMEDRIVER="$(command -v chromedriver)"
WORK="$(choose_work_dir)"
# shellcheck disable=SC1091
source "$WORK/verbund.env"
log "running the tests with JAVA_HOME=$JAVA_HOME against the services in $WORK"
cd "$VERBUND_REPO"
mvn -B verify "$@"
