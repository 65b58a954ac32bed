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

# axe-core (the accessibility rules engine) for the WCAG 2.1 A/AA checks of every page, from the npm registry,
# pinned by version and checksum; the tests inject it through the driver (not through the page, whose CSP forbids it).
AXE_VERSION=4.14.1
AXE_SHA256=e6b0ce02b84d892e2e33e403485e7f3d6c29e2be6df65daf44d89ba564139745
AXE_DIR="$WORK/dist/axe-core-$AXE_VERSION"
if [ ! -f "$AXE_DIR/package/axe.min.js" ]; then
  command -v npm >/dev/null || fail "npm is missing (it fetches axe-core for the accessibility tests): sudo apt-get install npm"
  log "fetching axe-core $AXE_VERSION for the accessibility tests (npm pack)"
  rm -rf "$AXE_DIR.tmp" && mkdir -p "$AXE_DIR.tmp"
  (cd "$AXE_DIR.tmp" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null) || fail "npm pack axe-core@$AXE_VERSION failed"
  echo "$AXE_SHA256  $AXE_DIR.tmp/axe-core-$AXE_VERSION.tgz" | sha256sum -c --quiet - || fail "axe-core checksum mismatch"
  tar -xzf "$AXE_DIR.tmp/axe-core-$AXE_VERSION.tgz" -C "$AXE_DIR.tmp" && rm -rf "$AXE_DIR" && mv "$AXE_DIR.tmp" "$AXE_DIR"
fi
export VERBUND_AXE_JS="$AXE_DIR/package/axe.min.js"
# shellcheck disable=SC1091
source "$WORK/verbund.env"
log "running the tests with JAVA_HOME=$JAVA_HOME against the services in $WORK"
cd "$VERBUND_REPO"
mvn -B verify "$@"
