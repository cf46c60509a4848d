#!/usr/bin/env bash
# Short extractions (issue 31, "Performance"): where a run's fixed cost (JVM start, probe, index)
# decides the ratio. Each target against its anchor, measured in the same run with the same ffmpeg
# (the image's: Debian's on the PATH, or $FFMPEG), the extractor started as the image starts it
# (image-jvm.sh: jars, class data sharing archive, C1):
#
#   count      --count 8 on the 10-minute video        vs eight `ffmpeg -ss T -i in -frames:v 1`
#              (T = the 8 times --count 8 asks for, one process after the other) + `zip -r`;
#              target <= 0.5
#   keyframes  --keyframes on the 10-minute video      vs `ffmpeg -i in -vf fps=1` + `zip -r`
#              (run.sh's baseline); target <= 0.10
#   gop4       1 frame / 10 s (--interval-seconds 10) on the 3-minute video with a 4 s GOP
#              vs `ffmpeg -i in -vf fps=0.1` + `zip -r`; target <= 0.15
#
# All at JPEG quality 3. The short pairs (count, gop4) run BENCH_ROUNDS times (default 3), anchor
# and extractor in turn, and the medians are compared, in wall time and in CPU time (user + system
# of the command and its children, from /usr/bin/time: on a shared, loaded machine the walls
# measure the scheduler and the CPU ratio is the comparable figure); keyframes runs once (its baseline takes a
# minute). Also printed: the JVM alone (`extract --help` with the same flags) and, for gop4, the
# decode floor (what an exact frame per timestamp must decode: from the keyframe before each
# timestamp up to it, one ffmpeg per timestamp, counted in frames). Prints the load average at
# the start and end of each measurement (the machine is shared).
#
# The videos (generated once under $BENCH_DIR, default /tmp/frameflow-bench): run.sh's 10-minute
# 1080p30 H.264 (GOP 2 s, ~6 Mb/s, AAC), and the same encoding for 3 minutes with a keyframe every
# 4 s. BENCH_MODES (default "count keyframes gop4") picks the measurements.
#
# Usage: frame-extractor-image/bench/short-runs.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
module="$(dirname "$here")"
root="$(dirname "$module")"
bench="${BENCH_DIR:-/tmp/frameflow-bench}"
long="$bench/in-600s-1080p30.mp4"
gop4="$bench/in-180s-1080p30-gop4.mp4"
rounds="${BENCH_ROUNDS:-3}"
modes=" ${BENCH_MODES:-count keyframes gop4} "
mkdir -p "$bench"

say() { printf '[short] %s\n' "$*"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
wants() { [[ $modes == *" $1 "* ]]; }

ffmpeg="${FFMPEG:-$(command -v ffmpeg || true)}"
ffprobe="$(dirname "$ffmpeg")/ffprobe"
[ -x "$ffmpeg" ] || { say "no ffmpeg on the PATH: apt-get install -y ffmpeg (the image's)"; exit 1; }

generate() { # seconds, GOP in frames, file
  [ -f "$3" ] && return
  say "generating $3 ($1 s 1080p30 H.264 High, GOP $2 frames, ~6 Mb/s; ~1.5 min of CPU per minute)"
  "$ffmpeg" -hide_banner -nostdin -loglevel error -y \
    -f lavfi -i "testsrc2=s=1920x1080:r=30,noise=alls=12:allf=t" -f lavfi -i "sine=f=440:r=48000" \
    -t "$1" -map 0:v -map 1:a -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p \
    -g "$2" -keyint_min "$2" -sc_threshold 0 -b:v 6M -maxrate 8M -bufsize 12M \
    -c:a aac -b:a 128k -movflags +faststart "$3.part.mp4"
  mv "$3.part.mp4" "$3"
}
{ wants count || wants keyframes; } && generate 600 60 "$long"
wants gop4 && generate 180 120 "$gop4"

# shellcheck source=image-jvm.sh
. "$here/image-jvm.sh"
image_jvm "$gop4"

now() { date +%s.%N; }
cpu_log="$bench/short-cpu.txt"
cpu_taken() { awk '{ printf "%.2f", $1 + $2 }' "$cpu_log"; } # of the last `timed` command
timed() { /usr/bin/time -o "$cpu_log" -f "%U %S" "$@"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
verdict() { awk -v r="$1" -v t="$2" 'BEGIN { print (r <= t ? "target " t " met" : "target " t " MISSED") }'; }
median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
duration() { "$ffprobe" -v error -show_entries format=duration -of csv=p=0 "$1"; }

work="$bench/short-work"

extractor() { # video, CLI arguments...; sets SECONDS_TAKEN and RESULT
  local video=$1 t0
  shift
  rm -rf "$work" && mkdir -p "$work/tmp"
  t0=$(now)
  # shellcheck disable=SC2086 # the flags are words
  FRAMEFLOW_FFMPEG_PATH="$ffmpeg" timed java -Xmx128m -XX:+UseSerialGC -XX:-UsePerfData $jvm_flags \
    -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
    dev.frameflow.extractor.cli.ExtractorCli extract --source "$video" --output "$work/out.zip" \
    --work-dir "$work/tmp" --result-file "$work/result.json" --quality 3 "$@" >"$work/extractor.log" 2>&1
  SECONDS_TAKEN=$(elapsed "$t0" "$(now)") CPU_TAKEN=$(cpu_taken)
  RESULT=$(cat "$work/result.json")
}

naive() { # video, fps; sets SECONDS_TAKEN and FRAMES
  local dir="$work/naive" t0
  rm -rf "$work" && mkdir -p "$dir"
  t0=$(now)
  # shellcheck disable=SC2016 # expanded by the inner shell
  timed bash -c '"$1" -hide_banner -nostdin -loglevel error -i "$2" -vf "fps=$3" -q:v 3 "$4/%06d.jpg" &&
    cd "$4" && zip -q -r "$5" .' naive "$ffmpeg" "$1" "$2" "$dir" "$work/naive.zip"
  SECONDS_TAKEN=$(elapsed "$t0" "$(now)") CPU_TAKEN=$(cpu_taken)
  FRAMES=$(find "$dir" -name '*.jpg' | wc -l)
}

seek_loop() { # video, times...; eight (or so) single-frame ffmpeg runs then zip; sets SECONDS_TAKEN
  local video=$1 dir="$work/seeks" t0 k=0 t
  shift
  rm -rf "$work" && mkdir -p "$dir"
  t0=$(now)
  # shellcheck disable=SC2016 # expanded by the inner shell
  timed bash -c 'ffmpeg=$1 video=$2 dir=$3 zip=$4 k=0
    shift 4
    for t in "$@"; do
      "$ffmpeg" -hide_banner -nostdin -loglevel error -ss "$t" -i "$video" -frames:v 1 -q:v 3 \
        "$dir/$(printf "%06d" "$k").jpg"
      k=$((k + 1))
    done
    cd "$dir" && zip -q -r "$zip" .' seek-loop "$ffmpeg" "$video" "$dir" "$work/seeks.zip" "$@"
  SECONDS_TAKEN=$(elapsed "$t0" "$(now)") CPU_TAKEN=$(cpu_taken)
}

jvm_alone() { # the JVM with the image's flags, up to picocli's help for extract
  local t0
  t0=$(now)
  # shellcheck disable=SC2086
  java -Xmx128m -XX:+UseSerialGC -XX:-UsePerfData $jvm_flags \
    -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
    dev.frameflow.extractor.cli.ExtractorCli extract --help >/dev/null
  elapsed "$t0" "$(now)"
}

say "machine: $(nproc) cores, load average $(load) at start; $("$ffmpeg" -version | head -1); JVM flags: $jvm_flags"
jvms=""
for ((r = 0; r < rounds; r++)); do jvms="$jvms $(jvm_alone)"; done
say "JVM alone (extract --help, image flags): median $(echo "$jvms" | median) s of$jvms"

if wants count; then
  d=$(duration "$long")
  mapfile -t times < <(awk -v d="$d" 'BEGIN { for (k = 0; k < 8; k++) printf "%.6f\n", k * d / 8 }')
  say "count: the 8 times of --count 8 on $(basename "$long") (${d} s): ${times[*]}; load $(load)"
  anchors="" runs="" anchor_cpus="" run_cpus=""
  for ((r = 0; r < rounds; r++)); do
    seek_loop "$long" "${times[@]}"
    anchors="$anchors $SECONDS_TAKEN" anchor_cpus="$anchor_cpus $CPU_TAKEN"
    extractor "$long" --count 8
    runs="$runs $SECONDS_TAKEN" run_cpus="$run_cpus $CPU_TAKEN"
  done
  a=$(echo "$anchors" | median) x=$(echo "$runs" | median)
  ac=$(echo "$anchor_cpus" | median) xc=$(echo "$run_cpus" | median)
  say "count: eight ffmpeg -ss T -i in -frames:v 1 + zip: median ${a} s of$anchors; CPU median ${ac} s of$anchor_cpus"
  say "count: extractor --count 8: median ${x} s of$runs; CPU median ${xc} s of$run_cpus; result $RESULT"
  say "count: ratio $(ratio "$x" "$a") ($(verdict "$(ratio "$x" "$a")" 0.5)); CPU ratio $(ratio "$xc" "$ac"); load $(load)"
fi

if wants keyframes; then
  say "keyframes: load $(load)"
  naive "$long" 1
  base=$SECONDS_TAKEN base_cpu=$CPU_TAKEN
  say "keyframes: ffmpeg -vf fps=1 -q:v 3 + zip: ${base} s, CPU ${base_cpu} s (${FRAMES} frames)"
  extractor "$long" --keyframes
  r=$(ratio "$SECONDS_TAKEN" "$base")
  say "keyframes: extractor --keyframes: ${SECONDS_TAKEN} s, CPU ${CPU_TAKEN} s; result $RESULT"
  say "keyframes: ratio $r ($(verdict "$r" 0.10)); CPU ratio $(ratio "$CPU_TAKEN" "$base_cpu"); load $(load)"
fi

if wants gop4; then
  say "gop4: load $(load)"
  bases="" runs="" base_cpus="" run_cpus=""
  for ((r = 0; r < rounds; r++)); do
    naive "$gop4" 0.1
    bases="$bases $SECONDS_TAKEN" base_cpus="$base_cpus $CPU_TAKEN"
    extractor "$gop4" --interval-seconds 10
    runs="$runs $SECONDS_TAKEN" run_cpus="$run_cpus $CPU_TAKEN"
  done
  b=$(echo "$bases" | median) x=$(echo "$runs" | median)
  bc=$(echo "$base_cpus" | median) xc=$(echo "$run_cpus" | median)
  say "gop4: ffmpeg -vf fps=0.1 -q:v 3 + zip: median ${b} s of$bases; CPU median ${bc} s of$base_cpus (${FRAMES} frames)"
  say "gop4: extractor --interval-seconds 10: median ${x} s of$runs; CPU median ${xc} s of$run_cpus; result $RESULT"
  # the floor: frames an exact frame per timestamp must decode, from the keyframe at or before it
  floor=$("$ffprobe" -v error -select_streams v:0 -show_entries packet=pts_time,flags -of csv=p=0 "$gop4" |
    sort -t, -k1,1g | awk -F, -v d="$(duration "$gop4")" '
      { t[NR] = $1; k[NR] = ($2 ~ /K/) }
      END { n = 0
            for (s = 0; s < d; s += 10) {
              key = 1
              for (i = 1; i <= NR && t[i] <= s + 0.0005; i++) if (k[i]) key = i
              for (i = key; i <= NR && t[i] < s - 0.0005; i++) n++
              n++
            }
            print n }')
  say "gop4: decode floor: $floor frames decoded for the 18 timestamps (the baseline decodes every frame)"
  say "gop4: ratio $(ratio "$x" "$b") ($(verdict "$(ratio "$x" "$b")" 0.15)); CPU ratio $(ratio "$xc" "$bc"); load $(load)"
fi
say "load average $(load) at end"
rm -rf "$work" "$cpu_log"
