package dev.frameflow.extractor.slice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.extractor.animation.AnimationFiles;
import dev.frameflow.extractor.cli.ExtractorCli;
import dev.frameflow.testing.TestVideos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's sliced mode against a real video: three indexes (run one after the other here, in
 * parallel pods in a cluster) and the final step give the same ZIP, entry for entry, as one run.
 */
class SlicedExtractionIT {

  @TempDir Path dir;

  @Test
  void threeSlicesAndTheFinalStepGiveTheOneRunZipEntryForEntry() throws Exception {
    Map<String, byte[]> actual = assertSlicedEqualsOneRun(new int[] {0, 1, 2}, "--fps", "2");
    assertThat(actual).hasSize(9); // 8 frames + manifest
  }

  /**
   * {@code --preview}: the middle index renders the one-pod run's {@code preview.webp} into its
   * part, and the final step lists it after the frames and in the manifest. Running that index
   * again (a retry) replaces its part: still one preview.
   */
  @Test
  void withPreviewTheMiddleIndexMakesTheOnePodRunsPreviewOnceEvenWhenRetried() throws Exception {
    Map<String, byte[]> actual =
        assertSlicedEqualsOneRun(new int[] {0, 1, 2, 1}, "--fps", "2", "--preview");
    assertThat(actual).hasSize(10); // 8 frames, the preview, the manifest
    // the 4 s video's middle 3 s at 10 fps, looping, as wide as the video
    AnimationFiles.Animation preview = AnimationFiles.webp(actual.get("preview.webp"));
    assertThat(preview.frames()).isEqualTo(30);
    assertThat(preview.loops()).isZero();
    assertThat(preview.width()).isEqualTo(320);
    assertThat(new String(actual.get("manifest.json"), StandardCharsets.UTF_8))
        .contains("\"preview\" : \"preview.webp\"");
  }

  /**
   * Runs the test video once in one process and as the slice indexes {@code order} (of 3, a
   * repeated one being a retry) plus the final step, with the same {@code flags}; asserts the two
   * ZIPs hold the same entries, in the same order, with the same bytes; returns the sliced one's.
   */
  private Map<String, byte[]> assertSlicedEqualsOneRun(int[] order, String... flags)
      throws Exception {
    String video = TestVideos.h264Mp4().toString();
    Path single = dir.resolve("single.zip");
    assertThat(cli(with(flags, "extract", "--source", video, "--output", single.toString())))
        .isZero();
    Path parts = dir.resolve("parts");
    for (int i : order) {
      String[] slice = {
        "slice",
        "--source",
        video,
        "--output",
        parts.toString(),
        "--slices",
        "3",
        "--slice-index",
        Integer.toString(i)
      };
      assertThat(cli(with(flags, slice))).isZero();
    }
    Path sliced = dir.resolve("sliced.zip");
    assertThat(
            cli(
                "assemble",
                "--output",
                sliced.toString(),
                "--slices",
                "3",
                "--assemble-from",
                parts.toString()))
        .isZero();

    Map<String, byte[]> expected = entries(single);
    Map<String, byte[]> actual = entries(sliced);
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    for (String name : expected.keySet()) {
      assertThat(actual.get(name)).as(name).isEqualTo(expected.get(name));
    }
    return actual;
  }

  private static String[] with(String[] flags, String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(flags));
    return all.toArray(String[]::new);
  }

  @Test
  void theIndexTakesItsSliceFromTheIndexedJobsVariable() throws Exception {
    Path parts = dir.resolve("parts");
    int exit =
        ExtractorCli.run(
            new String[] {
              "slice",
              "--source",
              TestVideos.h264Mp4().toString(),
              "--output",
              parts.toString(),
              "--fps",
              "2",
              "--slices",
              "2",
              "--work-dir",
              dir.resolve("work").toString()
            },
            Map.of(
                "JOB_COMPLETION_INDEX",
                "1",
                "FRAMEFLOW_FFMPEG_PATH",
                dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary())
                    .binary()
                    .toString()),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(new ByteArrayOutputStream()));
    assertThat(exit).isZero();
    assertThat(parts.resolve("index-1.json")).exists();
    assertThat(parts.resolve("part-1.zip")).exists();
    assertThat(parts.resolve("index-0.json")).doesNotExist();
  }

  @Test
  void aSliceIndexOutsideThePlanIsBadInput() throws Exception {
    assertThat(
            cli(
                "slice",
                "--source",
                TestVideos.h264Mp4().toString(),
                "--output",
                dir.toString(),
                "--slices",
                "2",
                "--slice-index",
                "2"))
        .isEqualTo(ExitCodes.BAD_INPUT);
  }

  private int cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    if (!all.get(0).equals("assemble")) {
      // the assembly reads the parts and writes the ZIP: no scratch space
      all.add("--work-dir");
      all.add(dir.resolve("work").toString());
    }
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit =
        ExtractorCli.run(
            all.toArray(String[]::new),
            Map.of(
                "FRAMEFLOW_FFMPEG_PATH",
                dev.frameflow.extractor.ffmpeg.Ffmpeg.at(TestVideos.ffmpegBinary())
                    .binary()
                    .toString()),
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    if (exit != 0) {
      System.err.println(err.toString(StandardCharsets.UTF_8));
    }
    return exit;
  }

  private static Map<String, byte[]> entries(Path zip) throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile read = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : Collections.list(read.entries())) {
        entries.put(entry.getName(), read.getInputStream(entry).readAllBytes());
      }
    }
    return entries;
  }
}
