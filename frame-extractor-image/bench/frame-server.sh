#!/usr/bin/env bash
# Frame-server benchmark (issue 31, "Performance"): the 10-minute 1080p30 H.264 video (GOP 2 s, the
# one run.sh makes) in s3proxy (its own process, a file-system store), read by the frame-server
# (`ExtractorCli serve`, the image's JVM flags: image-jvm.sh) through a presigned GET, as the
# gateway hands it; requests as the gateway sends them (FrameLoad.java), 640-wide JPEGs at random
# times (seeded).
#
#   cold      first frame of a video the server has never seen (a new source key and a new object
#             each: probe, open and the container index fetched), one request after the other;
#             target p50 <= 1.0 s
#   warm      the video's probe cached, other times, one after the other; targets p50 <= 250 ms,
#             p95 <= 600 ms
#   8 at once 8 clients (8 users) x BENCH_EACH requests on a video already seen, against the anchor
#             in the same run: `ffmpeg -ss T -i <presigned URL> -frames:v 1 -vf scale=640:-2 -q:v 3`
#             from 8 threads at once, the same times; target: the server's p50 >= 2x faster. The
#             server runs with --max-concurrency 8 here (the chart's 2 replicas x 4). Also the CPU
#             per request of each side's own processes (the server's JVM and its ffmpeg children,
#             s3proxy; the anchor's ffmpeg), whatever else the machine runs
#   32 at once 32 clients x BENCH_EACH requests against one server as the chart runs a replica
#             (--max-concurrency 4, --max-per-owner 2): the answers by status (503/429 are its
#             deliberate refusals; any other 5xx fails) and the peak memory of the server's process
#             tree (JVM plus its ffmpeg children, the sum of their resident sets sampled every
#             100 ms) against the replica's memory limit, read from helm/frameflow/values.yaml (frameServer.resources)
#
# Prints the load average before each part. Usage: frame-extractor-image/bench/frame-server.sh
# (BENCH_DIR, default /tmp/frameflow-bench; BENCH_COLD, BENCH_WARM: requests, default 8 and 40;
# BENCH_EACH: requests per concurrent client, default 4; BENCH_PARTS: the parts to run, default
# "cold warm 8 32"; BENCH_FFMPEG: the ffmpeg to run, default the one on the PATH).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
video="$bench/in-600s-1080p30.mp4"
cold="${BENCH_COLD:-8}" warm="${BENCH_WARM:-40}" each="${BENCH_EACH:-4}"
parts=" ${BENCH_PARTS:-cold warm 8 32} "
part() { [[ "$parts" == *" $1 "* ]]; }
ffmpeg="${BENCH_FFMPEG:-$(command -v ffmpeg)}"
say() { printf '[frame-server] %s\n' "$*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# a process's CPU so far in clock ticks: its own and its reaped children's (the server's ffmpeg),
# so a part's cost is counted for our processes only, whatever else runs on the machine
cpu_of() { awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat"; }
children_cpu_of() { awk '{ print $16 + $17 }' "/proc/$1/stat"; }
per_request() { awk -v t="$1" -v n="$2" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", t / hz / n }'; }
# runs the load client under /usr/bin/time: the CPU of its JVM and its children (the anchor's
# ffmpeg) in $bench/fs-client-cpu, the JVM's own in $bench/fs-client-own-cpu (seconds)
timed_client() {
  /usr/bin/time -o "$bench/fs-client-cpu" -f '%U %S' java -Dlogback.configurationFile="$here/logback.xml" \
    -Dbench.cpuFile="$bench/fs-client-own-cpu" -cp "$tools" "$here/FrameLoad.java" "$@"
}
client_ticks() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", ($1 + $2) * hz }' "$bench/fs-client-cpu"; }
client_own_ticks() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d", $1 * hz }' "$bench/fs-client-own-cpu"; }
[ -f "$video" ] || { say "no $video: run frame-extractor-image/bench/run.sh once (it generates it)"; exit 1; }

# the server's classes as the image runs them (jars, CDS archive, C1); s3proxy and the clients from
# the test class path
# shellcheck source=image-jvm.sh
. "$here/image-jvm.sh"
image_jvm "$video"
(cd "$root" && ./mvnw -B -o -q -pl frame-extractor-image -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/bench-test-classpath.txt" >/dev/null)
tools="$classpath:$(cat "$module/target/bench-test-classpath.txt")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# --- s3proxy on a file-system store, as its own process ------------------------------------------
store="$bench/fs-s3"
rm -rf "$store" && mkdir -p "$store/bench"
ln "$video" "$store/bench/source.mp4" 2>/dev/null || cp "$video" "$store/bench/source.mp4"
s3port=$(free_port)
cat >"$bench/fs-s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$s3port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret-not-a-real-one
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$store
CONF
java -Xmx256m -Dlogback.configurationFile="$here/logback.xml" -cp "$tools" \
  org.gaul.s3proxy.Main --properties "$bench/fs-s3proxy.conf" >"$bench/fs-s3proxy.log" 2>&1 &
s3proxy_pid=$!
pids+=("$s3proxy_pid")
for _ in $(seq 1 120); do curl -s -o /dev/null "http://127.0.0.1:$s3port/" && break; sleep 0.5; done
# the cold requests each read an object of their own (the same bytes, hard-linked): the server
# keeps what it read of a source, by object
cold_keys=()
for i in $(seq 1 "$cold"); do
  ln "$store/bench/source.mp4" "$store/bench/cold-$i.mp4"
  cold_keys+=("cold-$i.mp4")
done
java -Dlogback.configurationFile="$here/logback.xml" -cp "$tools" "$here/Presign.java" "http://127.0.0.1:$s3port" \
  bench bench-secret-not-a-real-one bench source.mp4 "${cold_keys[@]}" >"$bench/fs-urls"
url=$(head -1 "$bench/fs-urls")
tail -n +2 "$bench/fs-urls" >"$bench/fs-cold-urls"
duration=$(ffprobe -v error -show_entries format=duration -of csv=p=0 "$video")

serve() { # max concurrency, max per owner; sets server and server_pid
  local port
  port=$(free_port)
  rm -rf "$bench/fs-work" && mkdir -p "$bench/fs-work"
  # shellcheck disable=SC2086 # the flags are words
  FRAMEFLOW_FFMPEG_PATH="$ffmpeg" java -Xmx128m -XX:+UseSerialGC -XX:-UsePerfData $jvm_flags \
    -Djava.io.tmpdir="$bench/fs-work" -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
    dev.frameflow.extractor.cli.ExtractorCli serve --port "$port" \
    --source-origin "http://127.0.0.1:$s3port" --max-concurrency "$1" --max-per-owner "$2" \
    --work-dir "$bench/fs-work" >"$bench/fs-server.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  server="http://127.0.0.1:$port"
  for _ in $(seq 1 240); do curl -sf -o /dev/null "$server/readyz" && return; sleep 0.5; done
  say "the server did not become ready: $(tail -5 "$bench/fs-server.log")"
  exit 1
}
stop() { kill "$server_pid" && wait "$server_pid" 2>/dev/null || true; }
client() { java -Dlogback.configurationFile="$here/logback.xml" -cp "$tools" "$here/FrameLoad.java" "$@"; }
p50() { sed -n 's/.*p50 \([0-9.]*\) s.*/\1/p'; }

say "machine: $(nproc) cores; $("$ffmpeg" -version | head -1); JVM flags: $jvm_flags"
serve 8 8
if part cold; then
  say "cold, $cold requests, load $(load)"
  c=$(client cold "$server" "$bench/fs-cold-urls" "$duration" "$cold")
  say "$c (target p50 <= 1.0 s)"
fi
if part warm; then
  say "warm, $warm requests, load $(load)"
  w=$(client warm "$server" "$url" "$duration" "$warm")
  say "$w (targets p50 <= 0.25 s, p95 <= 0.6 s)"
fi
if part 8; then
  say "8 clients x $each at once, server --max-concurrency 8, load $(load)"
  server_before=$(cpu_of "$server_pid") store_before=$(cpu_of "$s3proxy_pid")
  ffmpeg_before=$(children_cpu_of "$server_pid")
  s8=$(timed_client clients "$server" "$url" "$duration" 8 "$each")
  server_ticks=$(($(cpu_of "$server_pid") - server_before)) store_ticks=$(($(cpu_of "$s3proxy_pid") - store_before))
  ffmpeg_ticks=$(($(children_cpu_of "$server_pid") - ffmpeg_before))
  say "server: $s8"
  # the server renders one request more than the clients count: the client's first, which opens the
  # source (FrameLoad's "prime")
  renders=$((8 * each + 1))
  server_cpu=$(per_request $((server_ticks + store_ticks)) "$renders")
  say "server: CPU-seconds per render $server_cpu (server JVM $(per_request $((server_ticks - ffmpeg_ticks)) "$renders"), its ffmpeg $(per_request "$ffmpeg_ticks" "$renders"), s3proxy $(per_request "$store_ticks" "$renders")); the clients' JVM $(per_request "$(client_ticks)" $((8 * each))) per request"
fi
stop
if part 8; then
  rm -rf "$bench/fs-anchor" && mkdir -p "$bench/fs-anchor"
  say "8 threads x $each ffmpeg at once on the presigned URL, load $(load)"
  store_before=$(cpu_of "$s3proxy_pid")
  a8=$(timed_client anchor "$ffmpeg" "$url" "$duration" 8 "$each" "$bench/fs-anchor")
  store_ticks=$(($(cpu_of "$s3proxy_pid") - store_before))
  anchor_ticks=$(($(client_ticks) - $(client_own_ticks)))
  anchor_cpu=$(per_request $((anchor_ticks + store_ticks)) $((8 * each)))
  say "anchor: $a8"
  say "anchor: CPU-seconds per request $anchor_cpu (ffmpeg $(per_request "$anchor_ticks" $((8 * each))), s3proxy $(per_request "$store_ticks" $((8 * each)))); the client's JVM $(per_request "$(client_own_ticks)" $((8 * each))) per request"
  say "8 at once: anchor p50 / server p50 = $(awk -v a="$(echo "$a8" | p50)" -v s="$(echo "$s8" | p50)" 'BEGIN { printf "%.2f", a / s }') (target >= 2); CPU per request, anchor / server = $(awk -v a="$anchor_cpu" -v s="$server_cpu" 'BEGIN { printf "%.2f", a / s }')"
fi
part 32 || { say "load average $(load) at end"; rm -rf "$bench/fs-anchor" "$bench/fs-work"; exit 0; }

serve 4 2
say "32 clients x $each at once, server --max-concurrency 4 --max-per-owner 2 (one replica as the chart runs it), load $(load)"
peak_file="$bench/fs-peak"
echo 0 >"$peak_file"
(
  peak=0
  while kill -0 "$server_pid" 2>/dev/null; do
    kb=0
    for p in $server_pid $(pgrep -P "$server_pid" || true); do
      k=$(awk '/VmRSS/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
      kb=$((kb + ${k:-0}))
    done
    [ "$kb" -gt "$peak" ] && peak=$kb && echo "$peak" >"$peak_file"
    sleep 0.1
  done
) &
sampler=$!
s32=$(client clients "$server" "$url" "$duration" 32 "$each")
hwm=$(awk '/VmHWM/ { print $2 }' "/proc/$server_pid/status")
stop
wait "$sampler" 2>/dev/null || true
say "server: $s32"
limit_mib=$(sed -n '/^frameServer:/,/^[a-z]/p' "$root/helm/frameflow/values.yaml" | grep -m1 'limits:' |
  sed -E 's/.*memory: *([0-9]+)Mi.*/\1/')
peak_mib=$(($(cat "$peak_file") / 1024))
say "32 at once: peak resident set of the server and its ffmpeg children $peak_mib MiB (JVM alone: VmHWM $((hwm / 1024)) MiB); limit $limit_mib MiB: $(awk -v p="$peak_mib" -v l="$limit_mib" 'BEGIN { printf "%.2f", p / l }') of it"
say "load average $(load) at end"
rm -rf "$bench/fs-anchor" "$bench/fs-work"
