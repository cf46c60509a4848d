#!/usr/bin/env bash
# Hostile-server flood (issue 27; docs/benchmarks.md): the api-gateway at -Xmx256m imports N videos
# from a server sending endless headers and N from a tarpit trickling the body, all at once, while
# another user uploads; there must be no 500, the JVM must stay alive (no OutOfMemoryError) and the
# other user's uploads must be accepted. Prints the heap peak.
#
#   api-gateway/bench/hostile-flood-benchmark.sh [imports=32] [heap=256m] [uploads=4] [size-MiB=20] [limit-s=600]
#
# BENCH_JAR runs another build of the gateway (e.g. one from before the fix, for the baseline);
# BENCH_READY_SECONDS gives a loaded machine longer to start it (120).
# Needs: a JDK 17, RabbitMQ on 127.0.0.1:5672 with rabbitmqctl (scripts/test starts it). PostgreSQL,
# s3proxy and the hostile servers run inside the benchmark JVM; everything talks to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../.."
IMPORTS="${1:-32}"
HEAP="${2:-256m}"
UPLOADS="${3:-4}"
SIZE_MIB="${4:-20}"
LIMIT="${5:-600}"
VHOST=frameflow-gateway-bench

./mvnw -B -q -o -pl api-gateway -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true
./mvnw -B -q -o -pl api-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
JAR="${BENCH_JAR:-$(ls api-gateway/target/api-gateway-*-exec.jar | head -1)}"

rabbitmqctl -q add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg) ($(nproc) cores)"
timeout "$((LIMIT + 600))" java -Xmx1g -Dbench.vhost="$VHOST" \
  -Dbench.ready-seconds="${BENCH_READY_SECONDS:-120}" \
  -cp "api-gateway/target/test-classes:api-gateway/target/classes:$(cat api-gateway/target/bench-classpath.txt)" \
  dev.frameflow.gateway.bench.HostileFloodBenchmark "$JAR" "$IMPORTS" "$HEAP" "$UPLOADS" "$SIZE_MIB" "$LIMIT"
