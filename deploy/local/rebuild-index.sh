#!/usr/bin/env bash
# Rebuilds the report index from PostgreSQL (the system of record): new index, atomic alias swap, old index
# deleted. The running hub keeps serving searches from the old index until the swap.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORK="$(choose_work_dir)"
# shellcheck disable=SC1091
source "$WORK/verbund.env"
JAR="$WORK/hub/verbund-hub.jar"
[[ -f "$JAR" ]] || fail "no hub build in $JAR; run deploy/local/hub.sh first"
exec "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" --server.port=0 --verbund.command=rebuild-index \
  --verbund.extract.workers=1 --verbund.extract.warm-up-parses=0 --verbund.extract.work-dir="$WORK/rebuild-extract"
