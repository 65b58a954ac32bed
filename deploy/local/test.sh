#!/usr/bin/env bash
# Runs all tests against real services: starts (or reuses) Elasticsearch, PostgreSQL and Keycloak,
# then 'mvn verify'. Extra arguments go to Maven (e.g. -pl access-control).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

bash "$VERBUND_REPO/deploy/local/services.sh" start
WORK="$(choose_work_dir)"
# shellcheck disable=SC1091
source "$WORK/verbund.env"
log "running the tests with JAVA_HOME=$JAVA_HOME against the services in $WORK"
cd "$VERBUND_REPO"
mvn -B verify "$@"
