#!/usr/bin/env bash
# Ranged reads of the source: a ~2 GiB 1080p video (the 10-minute benchmark video
# concatenated 5 times, 50 min, its keyframes still every 2 s on the even seconds) served by
# s3proxy running as its own process, read by the
# extractor CLI through a presigned URL, against the same CLI given s3:// and credentials, which
# downloads the whole object first (what every Job did before). Both use the ffmpeg on the PATH
# (Debian's, as in the image).
#
#   1 frame / 10 s: bytes the S3 server read from its disk for the run (/proc/PID/io rchar of the
#                   s3proxy process) as a share of the source (target < 10 %), and the time
#                   against download-then-extract (target <= 0.3x)
#   1 frame / s:    from the URL against from a local copy of the same file (target <= 1.05x)
#
# Usage: frame-extractor-image/bench/ranged-reads.sh   (run.sh generates the 10-minute video once;
# this script generates it too when missing). BENCH_DIR defaults to /tmp/frameflow-bench.
# BENCH_DENSE=false skips the 1 frame/s pair (two runs of ~3 min each on 2 cores).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
video="$bench/in-600s-1080p30.mp4"
source="$bench/in-3000s-1080p30-aligned.mp4"
ffmpeg="$(command -v ffmpeg)"
ffprobe="$(command -v ffprobe)"
mkdir -p "$bench"
say() { printf '[ranged] %s\n' "$*"; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

(cd "$root" && ./mvnw -B -o -q -pl frame-extractor-image -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$module/target/bench-test-classpath.txt" >/dev/null)
rm -rf "$module/target/bench-classes" && cp -r "$module/target/classes" "$module/target/bench-classes"
classpath="$module/target/bench-classes:$(cat "$module/target/bench-test-classpath.txt")"

if [ ! -f "$video" ]; then
  say "generating $video (10 min 1080p30 H.264 High, GOP 2 s, ~6 Mb/s)"
  "$ffmpeg" -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=s=1920x1080:r=30,noise=alls=12:allf=t" -f lavfi -i "sine=f=440:r=48000" \
    -t 600 -map 0:v -map 1:a -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
    -g 60 -keyint_min 60 -sc_threshold 0 -b:v 6M -maxrate 8M -bufsize 12M \
    -c:a aac -b:a 128k -movflags +faststart "$bench/generating.mp4"
  mv "$bench/generating.mp4" "$video"
fi
if [ ! -f "$source" ]; then
  say "concatenating the 10-minute video 5 times into $source (stream copy)"
  # Each copy starts exactly 600 s after the previous one ("duration"), and -copyts keeps the
  # stream's own timestamps: without it the AAC priming (the audio starts 21 ms early) shifts every
  # timestamp by 21 ms, which puts each keyframe just past its even second, and an exact frame at
  # a whole second then needs almost a whole GOP decoded instead of its keyframe.
  printf "file '%s'\nduration 600\n" "$video" "$video" "$video" "$video" "$video" >"$bench/five.txt"
  "$ffmpeg" -hide_banner -nostdin -loglevel error -y -copyts -f concat -safe 0 -i "$bench/five.txt" \
    -c copy -movflags +faststart "$bench/concat.mp4"
  mv "$bench/concat.mp4" "$source"
fi
size=$(stat -c %s "$source")
# the premise of the targets: a normal 2 s GOP, keyframes on the even seconds
keyframe=$("$ffprobe" -v error -read_intervals 1995%+4 -select_streams v -show_entries packet=pts_time,flags \
  -of csv "$source" | awk -F, '$3 ~ /K/ { print $2; exit }')
say "keyframe near 1995 s at $keyframe s"

# --- s3proxy on a file-system store, as its own process ------------------------------------------
store="$bench/s3"
rm -rf "$store" && mkdir -p "$store/bench"
ln "$source" "$store/bench/source.mp4" 2>/dev/null || cp "$source" "$store/bench/source.mp4"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat >"$bench/s3proxy.conf" <<CONF
s3proxy.endpoint=http://127.0.0.1:$port
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench-secret-not-a-real-one
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$store
CONF
java -Xmx256m -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
  org.gaul.s3proxy.Main --properties "$bench/s3proxy.conf" \
  >"$bench/s3proxy.log" 2>&1 &
proxy=$!
trap 'kill $proxy 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.2
done
url=$(java -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" "$here/Presign.java" \
  "http://127.0.0.1:$port" bench bench-secret-not-a-real-one bench source.mp4 | tail -1)
rchar() { awk '/^rchar/ { print $2 }' "/proc/$proxy/io"; }

# --- the extractor CLI at -Xmx128m, as the image runs it -----------------------------------------
run() { # label, then CLI arguments
  local label=$1 work="$bench/work"
  shift
  rm -rf "$work" "$bench/out.zip" && mkdir -p "$work"
  local r0 t0 t1 r1
  r0=$(rchar)
  t0=$(now)
  AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench-secret-not-a-real-one \
    FRAMEFLOW_S3_ENDPOINT="http://127.0.0.1:$port" FRAMEFLOW_S3_PATH_STYLE=true \
    FRAMEFLOW_FFMPEG_PATH="$ffmpeg" \
    java -Xmx128m -XX:+UseSerialGC -Dlogback.configurationFile="$here/logback.xml" \
    -cp "$classpath" dev.frameflow.extractor.cli.ExtractorCli extract \
    --output "$bench/out.zip" --work-dir "$work" --result-file "$bench/result.json" "$@" \
    >"$bench/extractor.log" 2>&1 || { cat "$bench/extractor.log"; exit 1; }
  t1=$(now)
  r1=$(rchar)
  SECONDS_TAKEN=$(elapsed "$t0" "$t1")
  BYTES_READ=$((r1 - r0))
  say "$label: $SECONDS_TAKEN s, S3 read $BYTES_READ bytes ($(ratio "$BYTES_READ" "$size") of the source), $(grep -o '"frames":[0-9]*' "$bench/result.json")"
  grep -h 'source relay' "$bench/extractor.log" | sed 's/^/[ranged]   /' || true
}

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); source $size bytes; $("$ffmpeg" -version | head -1)"
run "1/10 s, download then extract (s3://)" --source s3://bench/source.mp4 --interval-seconds 10
download=$SECONDS_TAKEN
run "1/10 s, ranged reads (presigned URL)" --source "$url" --interval-seconds 10
say "1/10 s: ranged/download time ratio $(ratio "$SECONDS_TAKEN" "$download") (target <= 0.3), bytes read $(ratio "$BYTES_READ" "$size") of the source (target < 0.10)"
if [ "${BENCH_DENSE:-true}" != false ]; then
  run "1 fps, local copy" --source "$source" --fps 1
  local_dense=$SECONDS_TAKEN
  run "1 fps, ranged reads (presigned URL)" --source "$url" --fps 1
  say "1 fps: URL/local time ratio $(ratio "$SECONDS_TAKEN" "$local_dense") (target <= 1.05)"
fi
say "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
rm -rf "$bench/work" "$bench/out.zip" "$store"
