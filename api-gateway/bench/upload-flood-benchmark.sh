#!/usr/bin/env bash
# Upload flood (docs/benchmarks.md): N users each start a large upload at the same moment against
# the api-gateway running at -Xmx256m; every answer must be 202, or 503/429 with Retry-After (the
# clients then retry), never a 500 or an OutOfMemoryError, and the service must be healthy after.
#
#   api-gateway/bench/upload-flood-benchmark.sh [uploads=32] [size-MiB=100] [heap=256m] [limit-s=900]
#
# Needs: a JDK 17, RabbitMQ on 127.0.0.1:5672 with rabbitmqctl (scripts/test starts it), ~2x
# uploads x size of free disk under ${TMPDIR:-/tmp}. PostgreSQL and s3proxy run inside the
# benchmark JVM; everything talks to 127.0.0.1 only. Exits non-zero when a requirement fails.
set -euo pipefail
cd "$(dirname "$0")/../.."
UPLOADS="${1:-32}"
SIZE_MIB="${2:-100}"
HEAP="${3:-256m}"
LIMIT="${4:-900}"
VHOST=frameflow-gateway-bench

./mvnw -B -q -o -pl api-gateway -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true
./mvnw -B -q -o -pl api-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
JAR="$(ls api-gateway/target/api-gateway-*-exec.jar | head -1)"

rabbitmqctl -q add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

# the JVM bounds itself by LIMIT; timeout is the backstop if it hangs
echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg) ($(nproc) cores)"
timeout "$((LIMIT + 300))" java -Xmx1g -Dbench.vhost="$VHOST" \
  -cp "api-gateway/target/test-classes:api-gateway/target/classes:$(cat api-gateway/target/bench-classpath.txt)" \
  dev.frameflow.gateway.bench.UploadFloodBenchmark "$JAR" "$UPLOADS" "$SIZE_MIB" "$HEAP" "$LIMIT"
