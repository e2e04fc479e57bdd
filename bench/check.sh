#!/usr/bin/env bash
# A quick before-and-after check of the data path: builds Sluice and the bench from this
# checkout, runs a reduced Bench (W1 only: Sluice against the hand-written Pekko baseline,
# 2 warm-ups and 3 alternating runs of 10M elements each) under the machine's heavy-work lock,
# and prints W1's table and its Sluice / baseline ratio. About two minutes on a 2-core machine.
#
#   bench/check.sh            W1, Sluice against the baseline
#   bench/check.sh --flink    the same with the Flink peer (built first, online the first time)
#   N=30_000_000 bench/check.sh   another N (also RUNS, WARMUPS)
#
# Exits non-zero, with BENCH FAILED in the output, when a run's result is not exact.
set -euo pipefail
cd "$(dirname "$0")/.."
N="${N:-10_000_000}" RUNS="${RUNS:-3}" WARMUPS="${WARMUPS:-2}"
CP_FILE="$(mktemp /tmp/benchcp-check.XXXXXX)"
trap 'rm -f "$CP_FILE"' EXIT
mvn -q -B -o package -DskipTests -Dexec.skip dependency:build-classpath -pl bench -am -Dmdep.outputFile="$CP_FILE"
FLINK=off
if [[ "${1:-}" == "--flink" ]]; then
  mvn -q -B -f bench/flink/pom.xml compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
  FLINK=on
fi
LOG="$(mktemp /tmp/bench-check.XXXXXX.log)"
export CP="$(cat "$CP_FILE"):bench/target/classes" FLINK N RUNS WARMUPS
flock /tmp/sluice-heavy.lock bash -c 'started=$SECONDS
  java -Dbench.workloads=W1 -Dbench.flink="$FLINK" -cp "$CP" io.sluice.bench.Bench "$N" "$RUNS" "$WARMUPS"
  status=$?; echo "(the bench ran $((SECONDS - started)) s, waiting for the lock excluded)"; exit $status' | tee "$LOG"
echo
awk -F'|' '/^\| baseline \|/ { gsub(/ /, "", $5); gsub(/ /, "", $6);
  print "W1 Sluice / baseline: " $5 " (elements/s), " $6 " (CPU per element)" }' "$LOG"
echo "(full output: $LOG)"
