#!/usr/bin/env bash
# Runs a benchmark against the running local hub (start it with deploy/local/hub.sh first).
# Usage: bench/run.sh ingest [reports=3000] [pdfs=400] [threads=4] [encryptMb=256] [warmup=6000] [pdfWarmup=200]
#        bench/run.sh search [docs=1000000] [requests=500]; bench/run.sh selectors [load=false] [rounds=100]
#        bench/run.sh extraction [rounds=30] [impl=de.verbund.selectors.Selectors]   (extraction and normalisation; no hub needed)
#        bench/run.sh keys [seconds=5] [originals=2000]   (PKCS#11 token vs key store file; no hub needed)
#        bench/run.sh dls [docs=1000000] [load=true] [requests=300] [warmup=1000]   (hub vs Elasticsearch document-level security)
#        bench/run.sh web [docs=1000000] [load=true] [requests=300]   (search page vs JSON search; Chromium figures)
#        bench/run.sh german [docs=1000000] [requests=300]   (German analysis before/after: size, rates, judged set)
#        bench/run.sh faults [phase=60] [settle=20]   (kills parts of deploy/local/cluster.sh under load; verifies)
#        bench/run.sh cluster [requests=300] [seconds=30]   (two hub instances behind HAProxy vs one)
#        bench/run.sh searchable [rates=20,100] [seconds=30]   (acknowledged → searchable by an analyst, steady rates)
#        bench/run.sh lifecycle [reports=10000] [reads=400] [load=false] [docs=1000000] [requests=300]
#          (sealing cost at ingest and on reads, erasure rate, restriction clause; hub with VERBUND_COMPACTION_QUIET=0s)
# The search and selector benchmarks send far more than one analyst's quota (120 searches per minute, 2,000 selectors
# per hour); start the hub for them with the limits off (0):
#   VERBUND_QUOTA_SEARCHES_PER_MINUTE=0 VERBUND_QUOTA_SELECTORS_PER_HOUR=0 VERBUND_QUOTA_SELECTORS_PER_DAY=0 deploy/local/hub.sh
source "$(dirname "${BASH_SOURCE[0]}")/../deploy/local/lib.sh"
WORK="$(choose_work_dir)"
# shellcheck disable=SC1091
source "$WORK/verbund.env"
case "${1:-}" in
  ingest) MAIN=de.verbund.bench.IngestBench ;;
  search) MAIN=de.verbund.bench.SearchBench ;;
  audit)  MAIN=de.verbund.bench.AuditBench ;;
  selectors) MAIN=de.verbund.bench.SelectorBench ;;
  extraction) MAIN=de.verbund.bench.ExtractionBench ;;
  keys) MAIN=de.verbund.bench.KeyBench ;;
  dls) MAIN=de.verbund.bench.DlsBench
       # the file realm (the Maven distribution's security index lacks the analysis module the native realm needs)
       BENCH_WORK="$(choose_work_dir)"
       export VERBUND_ES_CONF="$BENCH_WORK/es/config" VERBUND_ES_HOME="$BENCH_WORK/dist/elasticsearch-$VERBUND_ES_VERSION"
       export VERBUND_SERVICE_USER ;;
  german) MAIN=de.verbund.bench.GermanSearchBench ;;
  lifecycle) MAIN=de.verbund.bench.LifecycleBench ;;
  searchable) MAIN=de.verbund.bench.SearchableBench ;;
  faults|cluster) MAIN=de.verbund.bench.FaultBench
       [[ "$1" == cluster ]] && MAIN=de.verbund.bench.ClusterBench
       [[ -f "$WORK/cluster/cluster.env" ]] || fail "start the cluster first: deploy/local/cluster.sh start"
       # shellcheck disable=SC1091
       source "$WORK/cluster/cluster.env" ;;
  web) MAIN=de.verbund.bench.WebBench
       command -v chromium >/dev/null && command -v chromedriver >/dev/null \
         || fail "the web benchmark needs Debian's chromium and chromium-driver (deploy/local/test.sh installs them)" ;;
  *) fail "usage: bench/run.sh ingest|search|audit|selectors|extraction|keys|dls|web|german|lifecycle|searchable|faults|cluster [key=value …]" ;;
esac
shift
cd "$VERBUND_REPO"
mvn -B -q -pl bench -am install -DskipTests >&2 || fail "build failed"
CP_FILE="$(mktemp)"
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile="$CP_FILE" >&2 || fail "classpath failed"
CP="$(cat "$CP_FILE")"; rm -f "$CP_FILE"
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "bench/target/classes:$CP" "$MAIN" "$@"
