#!/usr/bin/env bash
# Animated preview benchmark (issue 31): an animated WebP of 5 s at 10 fps, 480 wide, from the
# 10-minute 1080p30 H.264 source of run.sh (GOP 2 s, ~6 Mb/s), rendered by the extractor's
# AnimatedPreview (target: <= 1.5 s) at 5 starts between keyframes, each followed in the same run by
# the plain command a typical implementation would use:
#
#   ffmpeg -ss S -t 5 -i in.mp4 -vf fps=10,scale=480:-2 out.webp
#
# The JVM is warm and the video probed once before (the frame-server keeps probes in its cache), so
# the figure is what one request costs the frame-server: one ffmpeg run. Prints each pair, the
# medians and their ratio, and the load average.
#
# Usage: frame-extractor-image/bench/animation.sh   (BENCH_DIR as run.sh; run.sh generates the video)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
video="$bench/in-600s-1080p30.mp4"
ffmpeg="${FFMPEG:-$(command -v ffmpeg || true)}"
say() { printf '[animation] %s\n' "$*"; }
[ -x "$ffmpeg" ] || { say "no ffmpeg on the PATH: apt-get install -y ffmpeg (the image's)"; exit 1; }
[ -f "$video" ] || { say "no $video: frame-extractor-image/bench/run.sh generates it"; exit 1; }

(cd "$root" && ./mvnw -B -o -q -pl frame-extractor-image -am compile dependency:build-classpath \
  -Dmdep.outputFile="$module/target/bench-classpath.txt" >/dev/null)
rm -rf "$module/target/bench-classes" && cp -r "$module/target/classes" "$module/target/bench-classes"
classpath="$module/target/bench-classes:$(cat "$module/target/bench-classpath.txt")"

say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx128m -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
  "$here/AnimationBench.java" "$ffmpeg" "$video" "$bench/animation" 5 10 480 \
  83.3 201.7 317.1 452.9 533.3
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
rm -rf "$bench/animation"
