# Sourced by the benchmarks: runs the extractor CLI as the image runs it. Needs $root, $module,
# $here, $bench, $ffmpeg and a training video in $1; sets $classpath and $jvm_flags.
# - the classes as jars (a class data sharing archive only covers classes from jars), a snapshot,
#   so that a rebuild while a benchmark runs cannot change what it runs;
# - the runtime classpath alone, without JAVE's bundled ffmpeg, as the image's /app/lib holds it
#   (79 jars, not the test classpath's 190: a class or resource the archive does not hold is
#   looked for in every jar, and the test jars made the JVM slower than the image's);
# - a class data sharing archive written by a training run, as the image build does, and C1 only
#   (-XX:TieredStopAtLevel=1): the image's JVM flags. BENCH_JVM_FLAGS replaces the two flags
#   (BENCH_JVM_FLAGS=" " for a plain JVM).
image_jvm() { # training video
  (cd "$root" && ./mvnw -B -o -q -pl frame-extractor-image -am compile dependency:build-classpath \
    -DincludeScope=runtime -Dmdep.outputFile="$module/target/bench-classpath.txt" >/dev/null)
  rm -rf "$module/target/bench-jars" && mkdir -p "$module/target/bench-jars"
  for m in frame-extractor-image contracts object-streams frame-archive; do
    jar cf "$module/target/bench-jars/$m.jar" -C "$root/$m/target/classes" .
  done
  # (the reactor names our modules by their classes directories: the jars above replace them)
  classpath="$(ls "$module"/target/bench-jars/*.jar | paste -sd:):$(tr ':' '\n' <"$module/target/bench-classpath.txt" | grep -v -e '/dev/frameflow/' -e '/target/classes$' -e '/jave-nativebin-' | paste -sd:)"
  local archive="$module/target/bench-jars/extractor.jsa"
  rm -rf "$bench/training" && mkdir -p "$bench/training"
  FRAMEFLOW_FFMPEG_PATH="$ffmpeg" java -Xmx128m -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$archive" \
    -Dlogback.configurationFile="$here/logback.xml" -cp "$classpath" \
    dev.frameflow.extractor.cli.ExtractorCli extract --source "$1" \
    --output "$bench/training/training.zip" --work-dir "$bench/training" --interval-seconds 60 \
    >/dev/null 2>&1
  rm -rf "$bench/training"
  jvm_flags=${BENCH_JVM_FLAGS:-"-XX:SharedArchiveFile=$archive -XX:TieredStopAtLevel=1"}
}
