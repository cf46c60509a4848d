#!/usr/bin/env bash
# Resumable-upload benchmark (docs/benchmarks.md): a 2 GiB file through the api-gateway running at
# -Xmx256m as a tus upload (PATCHes of 50 MiB + 4321 bytes, so each one leaves a tail object), and
# in the same run as a form upload (POST /api/videos), the baseline. Prints throughput of each, the
# service's peak heap during each and the ratio tus / form.
#
#   api-gateway/bench/resumable-upload-benchmark.sh [size-MiB=2048] [heap=256m] [patch-MiB=50]
#
# Needs what upload-benchmark.sh needs: a JDK 17, RabbitMQ on 127.0.0.1:5672 with rabbitmqctl, and
# ~7 GiB of free disk under ${TMPDIR:-/tmp}.
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZE_MIB="${1:-2048}"
HEAP="${2:-256m}"
PATCH_MIB="${3:-50}"
VHOST=frameflow-gateway-bench

./mvnw -B -q -o -pl api-gateway -am package -DskipTests -Dspotless.check.skip=true -Djacoco.skip=true
./mvnw -B -q -o -pl api-gateway -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
JAR="$(ls api-gateway/target/api-gateway-*-exec.jar | head -1)"

rabbitmqctl -q add_vhost "$VHOST" >/dev/null 2>&1 || true
rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' >/dev/null

echo "load average at start: $(cut -d" " -f1-3 /proc/loadavg) ($(nproc) cores)"
java -Xmx1g -Dbench.vhost="$VHOST" \
  -cp "api-gateway/target/test-classes:api-gateway/target/classes:$(cat api-gateway/target/bench-classpath.txt)" \
  dev.frameflow.gateway.bench.ResumableUploadBenchmark "$JAR" "$SIZE_MIB" "$HEAP" "$PATCH_MIB"
