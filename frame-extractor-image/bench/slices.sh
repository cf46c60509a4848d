#!/usr/bin/env bash
# Sliced extraction benchmark: a 10-minute 1080p30 H.264 video (as run.sh makes it) at
# 1 frame/s, JPEG q3, extracted
#   single = one extractor process (java -Xmx128m ... ExtractorCli extract --source in.mp4 --output out.zip)
#   sliced = 4 extractor processes at once (--slices 4 --slice-index i), each writing its part and
#            index into a directory, then the merge (--assemble-from: the parts concatenated, as S3
#            does on completing the multipart upload, plus the final step's tail: manifest,
#            central directory)
# Prints the times, the merge's share of the extraction time (target <= 5 %), one slice run alone
# (what one node of a cluster would do) and checks that both ZIPs hold the same entries, byte for
# byte. Run it under the build lock: flock /tmp/frameflow-build.lock frame-extractor-image/bench/slices.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
video="$bench/in-600s-1080p30.mp4"
slices="${BENCH_SLICES:-4}"
say() { printf '[slices] %s\n' "$*"; }
say "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"

(cd "$root" && ./mvnw -B -o -q -pl frame-extractor-image -am compile dependency:build-classpath \
  -Dmdep.outputFile="$module/target/bench-classpath.txt" >/dev/null)
rm -rf "$module/target/slices-classes" && cp -r "$module/target/classes" "$module/target/slices-classes"
classpath="$module/target/slices-classes:$(cat "$module/target/bench-classpath.txt")"
ffmpeg="${FFMPEG:-$(command -v ffmpeg || true)}"
[ -x "$ffmpeg" ] || { say "no ffmpeg on the PATH: apt-get install -y ffmpeg"; exit 1; }
[ -f "$video" ] || { say "no $video: run frame-extractor-image/bench/run.sh once (it generates it)"; exit 1; }

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
cli() {
  FRAMEFLOW_FFMPEG_PATH="$ffmpeg" java -Xmx128m -Dlogback.configurationFile="$here/logback.xml" \
    -cp "$classpath" dev.frameflow.extractor.cli.ExtractorCli "$@" >/dev/null
}
rate=(--fps 1 --quality 3)
work="$bench/slices-run"
rm -rf "$work" && mkdir -p "$work"

t0=$(now)
cli extract --source "$video" --output "$work/single.zip" --work-dir "$work/w-single" "${rate[@]}"
t1=$(now)
single=$(elapsed "$t0" "$t1")
say "single process: ${single} s"

t0=$(now)
pids=()
for ((i = 0; i < slices; i++)); do
  cli slice --source "$video" --output "$work/parts" --slices "$slices" --slice-index "$i" \
    --work-dir "$work/w-$i" "${rate[@]}" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done
t1=$(now)
cli assemble --output "$work/sliced.zip" --slices "$slices" --assemble-from "$work/parts"
t2=$(now)
extraction=$(elapsed "$t0" "$t1")
merge=$(elapsed "$t1" "$t2")
say "$slices slices at once on this machine: ${extraction} s; merge (JVM start, parts concatenated, tail): ${merge} s"
say "merge / extraction: $(awk -v a="$merge" -v b="$extraction" 'BEGIN { printf "%.3f", a / b }') (target <= 0.05)"
say "sliced total / single: $(awk -v a="$extraction" -v m="$merge" -v b="$single" 'BEGIN { printf "%.3f", (a + m) / b }')"

rm -rf "$work/parts-alone"
t0=$(now)
cli slice --source "$video" --output "$work/parts-alone" --slices "$slices" --slice-index 1 \
  --work-dir "$work/w-alone" "${rate[@]}"
t1=$(now)
say "one slice alone (what one node does): $(elapsed "$t0" "$t1") s"

python3 - "$work/single.zip" "$work/sliced.zip" <<'PY'
import sys, zipfile
a, b = (zipfile.ZipFile(p) for p in sys.argv[1:3])
na, nb = a.namelist(), b.namelist()
assert na == nb, f"entry names differ: {len(na)} vs {len(nb)}"
for n in na:
    assert a.read(n) == b.read(n), f"{n} differs"
print(f"[slices] same {len(na)} entries (frames and manifest), byte for byte")
PY
unzip -tq "$work/sliced.zip" | sed 's/^/[slices] unzip -t: /'
say "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
