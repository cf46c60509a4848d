#!/usr/bin/env bash
# Operator benchmark (issue 5): 1,000 VideoJobs created at once against fabric8's mock API server
# → time until all 1,000 Jobs exist, against creating the same 1,000 Jobs directly with the client
# (same number of threads as the operator's reconciliation threads) in the same run: one warm-up
# round of each side, then BENCH_ROUNDS (3) measured rounds. Prints each round, the median rates,
# their ratio (target >= 0.5), when every status records its Job, and the heap the operator adds.
# Then the same series with BENCH_FINISHED (10,000) finished VideoJobs (Succeeded, outcome
# published, kept until their TTL) also on the server: the operator's rate must stay >= 0.9x the
# rate with none (issue 13); the mock server's own slowdown with 10,000 more objects is printed too.
#
# Usage: operator/bench/run.sh        (from anywhere; builds the module's test classes offline)
#        BENCH_COUNT=200 operator/bench/run.sh
#        BENCH_FINISHED=0 operator/bench/run.sh   (only the series with none)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"

(cd "$root" && ./mvnw -B -o -q -pl operator test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/bench-classpath.txt" >/dev/null)
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench-classpath.txt")"

exec java -Xmx1g -XX:+UseSerialGC -Dbench.count="${BENCH_COUNT:-1000}" -Dbench.threads="${BENCH_THREADS:-4}" -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.finished="${BENCH_FINISHED:-10000}" \
  -Dlogback.configurationFile="$module/src/test/resources/logback-test.xml" \
  -cp "$classpath" dev.frameflow.operator.bench.JobCreationBenchmark
