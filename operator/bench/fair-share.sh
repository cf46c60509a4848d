#!/usr/bin/env bash
# Fair-share benchmark (issue 28): 10,000 finished and 1,000 new VideoJobs against a cap of 100 pods
# on fabric8's mock API server (indexed store), so 900 wait and every reconciliation decides with a
# full queue; seconds until every new VideoJob's status shows its decision (Pending or Queued), with
# all of them of one owner and spread over 50 owners, in the same run (warm-up, then BENCH_ROUNDS
# rounds alternating the two). Prints each round, the medians and their ratio (target >= 0.9).
#
# Usage: operator/bench/fair-share.sh
#        BENCH_OWNERS=200 BENCH_CAP=20 operator/bench/fair-share.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"

(cd "$root" && ./mvnw -B -o -q -pl operator -am test-compile dependency:build-classpath \
  -Dspotless.check.skip=true -Djacoco.skip=true \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/bench-classpath.txt" >/dev/null)
own="$root/contracts/target/classes:$root/object-streams/target/classes:$root/frame-archive/target/classes:$root/frame-extractor-image/target/classes"
classpath="$module/target/test-classes:$module/target/classes:$own:$(cat "$module/target/bench-classpath.txt")"

exec java ${BENCH_JAVA_OPTS:-} -Xmx${BENCH_HEAP:-3g} -XX:+UseSerialGC \
  -Dbench.count="${BENCH_COUNT:-1000}" -Dbench.finished="${BENCH_FINISHED:-10000}" \
  -Dbench.cap="${BENCH_CAP:-100}" -Dbench.owners="${BENCH_OWNERS:-50}" \
  -Dbench.rounds="${BENCH_ROUNDS:-3}" -Dbench.threads="${BENCH_THREADS:-4}" \
  -Dlogback.configurationFile="$module/src/test/resources/logback-test.xml" \
  -cp "$classpath" dev.frameflow.operator.bench.FairShareBenchmark
