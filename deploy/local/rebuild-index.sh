#!/usr/bin/env bash
# Rebuilds the report index from PostgreSQL (the system of record): new index, atomic alias swap, old index
# deleted. The running hub keeps serving searches from the old index until the swap.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
run_hub_command rebuild-index
