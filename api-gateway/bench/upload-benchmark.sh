#!/usr/bin/env bash
# Upload benchmark (docs/benchmarks.md): a 2 GiB file through the api-gateway running at -Xmx256m,
# against uploading the same file straight to the same s3proxy with the AWS SDK, in the same run.
# Prints throughput of each, the service's peak heap and the ratio (target >= 0.7).
#
#   api-gateway/bench/upload-benchmark.sh [size-MiB=2048] [heap=256m]
#
# Needs: a JDK 17, RabbitMQ on 127.0.0.1:5672 with rabbitmqctl (scripts/test starts it), ~7 GiB of
# free disk under ${TMPDIR:-/tmp}. PostgreSQL and s3proxy run inside the benchmark JVM.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB="${1:-2048}"
HEAP="${2:-256m}"
VHOST=frameflow-gateway-bench

./mvnw -B -q -o -pl api-gateway -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true
./mvnw -B -q -o -pl api-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
JAR="$(ls api-gateway/target/api-gateway-*-exec.jar | head -1)"

rabbitmqctl -q add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg) ($(nproc) cores)"
java -Xmx1g -Dbench.vhost="$VHOST" ${BENCH_JFR:+-Dbench.jfr="$BENCH_JFR"} \
  -cp "api-gateway/target/test-classes:api-gateway/target/classes:$(cat api-gateway/target/bench-classpath.txt)" \
  dev.frameflow.gateway.bench.UploadBenchmark "$JAR" "$SIZE_MIB" "$HEAP"
