#!/usr/bin/env bash
# Extracts the selectors of every stored report again with the hub's current extractor, so that selector checks
# find what was missed before. Resumable: an interrupted run continues after the last finished batch; a finished
# run for the same extractor version does nothing. The running hub keeps serving; the index follows through the
# outbox.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_hub_command reextract-selectors
