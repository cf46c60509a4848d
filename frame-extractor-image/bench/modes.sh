#!/usr/bin/env bash
# Sampling-mode benchmark: the extractor's keyframes-only, count=8, scene and storyboard
# runs on the 10-minute 1080p30 H.264 benchmark video (GOP 2 s, ~6 Mb/s, AAC; made as run.sh makes
# it), against baselines measured in the same run with the same ffmpeg binary:
#
#   baseline    = ffmpeg -i in.mp4 -vf fps=1 -q:v 3 dir/%06d.jpg, then zip -r of the folder
#   decode only = ffmpeg -i in.mp4 -map 0:v -f null -
#
# Targets: keyframes <= 0.10 x baseline; count=8 <= 0.03 x baseline; scene <= 0.9 x decode only;
# storyboard of 1 tile / 10 s (with --count 1, the cheapest frame request) <= 0.10 x baseline.
# Prints the load average at the start (the machine is shared), each time and each ratio.
#
# Usage: frame-extractor-image/bench/modes.sh   (BENCH_DIR, default /tmp/frameflow-bench; FFMPEG;
#   BENCH_MODES, default "keyframes count scene storyboard": the modes to run, e.g. while profiling;
#   the decode-only baseline runs only when scene does)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
video="$bench/in-600s-1080p30.mp4"
mkdir -p "$bench"

say() { printf '[modes] %s\n' "$*"; }

ffmpeg="${FFMPEG:-$(command -v ffmpeg || true)}"
[ -x "$ffmpeg" ] || { say "no ffmpeg on the PATH: apt-get install -y ffmpeg (the image's)"; exit 1; }

if [ ! -f "$video" ]; then
  say "generating $video (600 s 1080p30 H.264 High, GOP 2 s, ~6 Mb/s; ~15 min on 2 cores)"
  "$ffmpeg" -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=s=1920x1080:r=30,noise=alls=12:allf=t" -f lavfi -i "sine=f=440:r=48000" \
    -t 600 -map 0:v -map 1:a -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
    -g 60 -keyint_min 60 -sc_threshold 0 -b:v 6M -maxrate 8M -bufsize 12M \
    -c:a aac -b:a 128k -movflags +faststart "$video.part.mp4"
  mv "$video.part.mp4" "$video"
fi

# the extractor as the image runs it (jars, a class data sharing archive, C1): image-jvm.sh
# shellcheck source=image-jvm.sh
. "$here/image-jvm.sh"
image_jvm "$video"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "target " t " met" : "target " t " MISSED") }'; }

extractor() { # extra CLI arguments; sets EXTRACTOR_SECONDS and EXTRACTOR_RESULT
  local work="$bench/work"
  rm -rf "$work" "$bench/extractor.zip" && mkdir -p "$work"
  local t0
  t0=$(now)
  # shellcheck disable=SC2086 # the flags are words
  FRAMEFLOW_FFMPEG_PATH="$ffmpeg" java -Xmx128m -XX:+UseSerialGC $jvm_flags \
    -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
    dev.frameflow.extractor.cli.ExtractorCli extract --source "$video" --output "$bench/extractor.zip" \
    --work-dir "$work" --result-file "$bench/result.json" "$@" >"$bench/extractor.log"
  EXTRACTOR_SECONDS=$(elapsed "$t0" "$(now)")
  EXTRACTOR_RESULT=$(cat "$bench/result.json")
}

say "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at start; $("$ffmpeg" -version | head -1)"

dir="$bench/baseline"
rm -rf "$dir" "$bench/baseline.zip" && mkdir -p "$dir"
t0=$(now)
"$ffmpeg" -hide_banner -nostdin -loglevel error -i "$video" -vf fps=1 -q:v 3 "$dir/%06d.jpg"
(cd "$dir" && zip -q -r "$bench/baseline.zip" .)
BASELINE=$(elapsed "$t0" "$(now)")
say "baseline ffmpeg -vf fps=1 + zip: ${BASELINE} s ($(ls "$dir" | wc -l) frames)"
rm -rf "$dir" "$bench/baseline.zip"

modes=" ${BENCH_MODES:-keyframes count scene storyboard} "
wants() { [[ $modes == *" $1 "* ]]; }

if wants scene; then
  t0=$(now)
  "$ffmpeg" -hide_banner -nostdin -loglevel error -i "$video" -map 0:v -f null -
  DECODE=$(elapsed "$t0" "$(now)")
  say "decode only (ffmpeg -f null): ${DECODE} s"
fi

t0=$(now)
"$ffmpeg" -hide_banner -nostdin -loglevel error -skip_frame nokey -i "$video" -map 0:v -q:v 3 \
  -vsync passthrough "$bench/work-nokey-%06d.jpg" 2>/dev/null || true
say "for reference, one plain ffmpeg -skip_frame nokey run: $(elapsed "$t0" "$(now)") s"
rm -f "$bench"/work-nokey-*.jpg

run() { # label, baseline seconds, baseline name, target, CLI arguments...
  local label=$1 base=$2 basename=$3 target=$4
  shift 4
  extractor "$@"
  local r
  r=$(ratio "$EXTRACTOR_SECONDS" "$base")
  say "$label: ${EXTRACTOR_SECONDS} s, ratio to $basename $r ($(verdict "$r" "$target")); result $EXTRACTOR_RESULT"
}

if wants keyframes; then
  run "keyframes only (--keyframes)" "$BASELINE" "fps=1 + zip" 0.10 --keyframes
fi
if wants count; then
  run "count=8 (--count 8)" "$BASELINE" "fps=1 + zip" 0.03 --count 8
fi
if wants scene; then
  run "scene changes (--scene)" "$DECODE" "decode only" 0.9 --scene
fi
if wants storyboard; then
  run "storyboard 1 tile / 10 s (--count 1 --storyboard)" "$BASELINE" "fps=1 + zip" 0.10 --count 1 --storyboard
  say "storyboard entries: $(unzip -l "$bench/extractor.zip" | grep -c storyboard/) ($(unzip -p "$bench/extractor.zip" storyboard/storyboard.vtt | grep -c -- '-->') cues)"
fi
say "load average $(cut -d' ' -f1-3 /proc/loadavg) at end"
rm -rf "$bench/work" "$bench/extractor.zip"
