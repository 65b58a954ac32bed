#!/usr/bin/env bash
# Extracts the selectors of every stored report again with the hub's current extractor, so that selector checks
# find what was missed before. Resumable: an interrupted run continues after the last finished batch; a finished
# run for the same extractor version does nothing. The running hub keeps serving; the index follows through the
# outbox.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
WORK="$(choose_work_dir)"
# shellcheck disable=SC1091
source "$WORK/verbund.env"
JAR="$WORK/hub/verbund-hub.jar"
[[ -f "$JAR" ]] || fail "no hub build in $JAR; run deploy/local/hub.sh first"
exec "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" --server.port=0 --verbund.command=reextract-selectors \
  --verbund.extract.workers=1 --verbund.extract.warm-up-parses=0 --verbund.extract.work-dir="$WORK/reextract-extract"
