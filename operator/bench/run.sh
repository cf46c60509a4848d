#!/usr/bin/env bash
# Operator benchmark: 1,000 VideoJobs created at once against fabric8's mock API server
# → time until all 1,000 Jobs exist, against creating the same 1,000 Jobs directly with the client
# (same number of threads as the operator's reconciliation threads) in the same run: one warm-up
# round of each side, then BENCH_ROUNDS (3) measured rounds. Prints each round, the median rates,
# their ratio (target >= 0.5), when every status records its Job, and the heap the operator adds.
# Then the same series with BENCH_FINISHED (10,000) finished VideoJobs (Succeeded, outcome
# published, kept until their TTL) also on the server: the operator's rate must stay >= 0.9x the
# rate with none; printed from the operator's start and from its first Job (listing
# 11,000 VideoJobs at startup is a fixed ~0.5 s, the slot decision is what must not grow). Both series run on fabric8's mock server with its store indexed by
# resource/namespace/name (IndexedCrudDispatcher; the stock store scans every object per request,
# which a real API server does not); then direct creation alone on the stock store, with none and
# with 10,000, prints the stock mock server's own slowdown (BENCH_STOCK_OPERATOR=true: the operator
# too). Prints the load average at start. The heap (BENCH_HEAP, 3g) holds the operator, the mock
# API server's copies of 11,000 VideoJobs and s3proxy in one JVM: at 1g the second series spent
# most of its time in full collections (JFR: 146 SerialOld pauses, 59 s).
#
# Usage: operator/bench/run.sh        (from anywhere; builds the module's test classes offline)
#        BENCH_COUNT=200 operator/bench/run.sh
#        BENCH_FINISHED=0 operator/bench/run.sh   (only the series with none)
#        BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/op.jfr operator/bench/run.sh   (profile)
#        BENCH_RESULT_PARTS=128 BENCH_RESULT_PART_SIZE=64MB operator/bench/run.sh   (other presigned
#          part counts / sizes than the operator's defaults: what the size of each Job's Secret costs)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"

# one reactor build: the classpath names this tree's modules by their target/classes (test-fixtures
# included), so nothing depends on SNAPSHOT jars in ~/.m2; every module of the reactor writes the
# same file, the operator (built last) wins
(cd "$root" && ./mvnw -B -o -q -pl operator -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Djacoco.skip=true \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/bench-classpath.txt" >/dev/null)
own="$root/contracts/target/classes:$root/object-streams/target/classes:$root/frame-archive/target/classes:$root/frame-extractor-image/target/classes"
classpath="$module/target/test-classes:$module/target/classes:$own:$(cat "$module/target/bench-classpath.txt")"

exec java ${BENCH_JAVA_OPTS:-} ${BENCH_RESULT_PARTS:+-Dbench.resultParts=$BENCH_RESULT_PARTS} ${BENCH_RESULT_PART_SIZE:+-Dbench.resultPartSize=$BENCH_RESULT_PART_SIZE} -Xmx${BENCH_HEAP:-3g} -XX:+UseSerialGC -Dbench.count="${BENCH_COUNT:-1000}" -Dbench.threads="${BENCH_THREADS:-4}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.finished="${BENCH_FINISHED:-10000}" -Dbench.stockOperator="${BENCH_STOCK_OPERATOR:-false}" -Dbench.stock="${BENCH_STOCK:-true}" \
  -Dlogback.configurationFile="$module/src/test/resources/logback-test.xml" \
  -cp "$classpath" dev.frameflow.operator.bench.JobCreationBenchmark
