#!/usr/bin/env bash
# Frame extractor benchmark: the extractor end to end against what a typical
# implementation does with the same ffmpeg binary (the image's: Debian's ffmpeg on the PATH, or
# $FFMPEG), on generated 1080p30 H.264 videos (keyframe every 2 s, ~6 Mb/s, with AAC audio) of 10
# minutes and of 3 minutes.
#
#   baseline  = ffmpeg -i in.mp4 -vf fps=R -q:v 3 dir/%06d.jpg, then zip -r (DEFLATE) of the folder
#   extractor = java -Xmx128m ... ExtractorCli extract --source in.mp4 --output out.zip (JPEG quality 3),
#               with the image's JVM flags: a class data sharing archive written by a training run
#               (as the image build does) and -XX:TieredStopAtLevel=1; BENCH_JVM_FLAGS replaces
#               those two (e.g. BENCH_JVM_FLAGS=" " for a plain JVM)
#
# at R = 1 frame/s (targets: ratio <= 0.55 on 10 min, <= 0.70 on 3 min) and 1 frame / 10 s
# (<= 0.06 and <= 0.12). Prints the ratios, the decode-only time (ffmpeg -f null) for reference,
# and the extractor JVM's peak RSS (VmHWM). The videos are generated once (~15 min on 2 cores)
# under $BENCH_DIR (default /tmp/frameflow-bench).
#
# Usage: frame-extractor-image/bench/run.sh        (from anywhere; builds the module offline)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
video="$bench/in-600s-1080p30.mp4"
mkdir -p "$bench"

say() { printf '[bench] %s\n' "$*"; }

# --- the image's ffmpeg ---------------------------------------------------------------------------
ffmpeg="${FFMPEG:-$(command -v ffmpeg || true)}"
[ -x "$ffmpeg" ] || { say "no ffmpeg on the PATH: apt-get install -y ffmpeg (the image's)"; exit 1; }

# --- the inputs, generated once ------------------------------------------------------------------
generate() { # seconds, file
  [ -f "$2" ] && return
  say "generating $2 ($1 s 1080p30 H.264 High, GOP 2 s, ~6 Mb/s)"
  "$ffmpeg" -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=s=1920x1080:r=30,noise=alls=12:allf=t" -f lavfi -i "sine=f=440:r=48000" \
    -t "$1" -map 0:v -map 1:a -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
    -g 60 -keyint_min 60 -sc_threshold 0 -b:v 6M -maxrate 8M -bufsize 12M \
    -c:a aac -b:a 128k -movflags +faststart "$2.part.mp4"
  mv "$2.part.mp4" "$2"
}
generate 600 "$video"
generate 180 "$bench/in-180s-1080p30.mp4"

now() { date +%s.%N; }

# --- the extractor as the image runs it (jars, a class data sharing archive, C1) ------------------
# shellcheck source=image-jvm.sh
. "$here/image-jvm.sh"
image_jvm "$bench/in-180s-1080p30.mp4"
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }

baseline() { # $1 = fps filter value
  local dir="$bench/baseline"
  rm -rf "$dir" "$bench/baseline.zip" && mkdir -p "$dir"
  local t0 t1
  t0=$(now)
  "$ffmpeg" -hide_banner -nostdin -loglevel error -i "$video" -vf "fps=$1" -q:v 3 "$dir/%06d.jpg"
  (cd "$dir" && zip -q -r "$bench/baseline.zip" .)
  t1=$(now)
  BASELINE_FRAMES=$(ls "$dir" | wc -l)
  BASELINE_SECONDS=$(elapsed "$t0" "$t1")
  rm -rf "$dir"
}

extractor() { # extra CLI arguments
  local work="$bench/work"
  rm -rf "$work" "$bench/extractor.zip" && mkdir -p "$work"
  local t0 t1 pid hwm=0 kb
  t0=$(now)
  # shellcheck disable=SC2086
  FRAMEFLOW_FFMPEG_PATH="$ffmpeg" java -Xmx128m -XX:+UseSerialGC $jvm_flags \
    -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
    dev.frameflow.extractor.cli.ExtractorCli extract --source "$video" --output "$bench/extractor.zip" \
    --work-dir "$work" --result-file "$bench/result.json" --quality 3 "$@" >"$bench/extractor.log" &
  pid=$!
  # the JVM's own peak resident set (VmHWM), not its ffmpeg children's
  while kill -0 "$pid" 2>/dev/null; do
    kb=$(awk '/VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null || true)
    [ -n "$kb" ] && [ "$kb" -gt "$hwm" ] && hwm=$kb
    sleep 0.2
  done
  wait "$pid"
  t1=$(now)
  EXTRACTOR_SECONDS=$(elapsed "$t0" "$t1")
  EXTRACTOR_RSS_MB=$((hwm / 1024))
  EXTRACTOR_RESULT=$(cat "$bench/result.json")
}

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $("$ffmpeg" -version | head -1); JVM flags: $jvm_flags"
for input in "$video" "$bench/in-180s-1080p30.mp4"; do
  video=$input
  name=$(basename "$video")
  t0=$(now)
  "$ffmpeg" -hide_banner -nostdin -loglevel error -i "$video" -map 0:v -f null -
  DECODE_SECONDS=$(elapsed "$t0" "$(now)")
  say "$name: decode only (ffmpeg -i in.mp4 -map 0:v -f null -): ${DECODE_SECONDS} s"
  for mode in "1 fps:1:--fps 1" "1 frame / 10 s:0.1:--interval-seconds 10"; do
    IFS=: read -r label rate args <<<"$mode"
    baseline "$rate"
    # shellcheck disable=SC2086
    extractor $args
    say "$name, $label: baseline ${BASELINE_SECONDS} s (${BASELINE_FRAMES} frames), extractor ${EXTRACTOR_SECONDS} s," \
      "ratio $(ratio "$EXTRACTOR_SECONDS" "$BASELINE_SECONDS"), extractor JVM peak RSS ${EXTRACTOR_RSS_MB} MiB (-Xmx128m)"
    say "$name, $label: result $EXTRACTOR_RESULT"
  done
done
say "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
rm -rf "$bench/work" "$bench/baseline.zip" "$bench/extractor.zip"
