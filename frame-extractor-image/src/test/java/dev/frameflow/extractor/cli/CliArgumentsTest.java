package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractorLimits;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CliArgumentsTest {

  private static final ExtractorLimits DEFAULTS = ExtractorLimits.defaults();

  @Test
  void everyOptionIsRead() {
    CliArguments args =
        CliArguments.parse(
            new String[] {
              "--source",
              "s3://uploads/videos/1/source",
              "--output",
              "s3://results/videos/1/frames.zip",
              "--result-file",
              "/dev/termination-log",
              "--work-dir",
              "/scratch",
              "--interval-seconds",
              "10",
              "--format",
              "png",
              "--max-frames",
              "100",
              "--width=640",
              "--start",
              "5",
              "--end",
              "65.5",
              "--max-duration-seconds",
              "3600",
              "--max-pixels",
              "2073600"
            },
            DEFAULTS);
    assertThat(args.source()).isEqualTo(new ObjectLocation.S3Object("uploads", "videos/1/source"));
    assertThat(args.output().toString()).isEqualTo("s3://results/videos/1/frames.zip");
    assertThat(args.resultFile()).isEqualTo(Path.of("/dev/termination-log"));
    assertThat(args.workDir()).isEqualTo(Path.of("/scratch"));
    assertThat(args.options().intervalSeconds()).isEqualTo(10.0);
    assertThat(args.options().fps()).isNull();
    assertThat(args.options().format()).isEqualTo(ImageFormat.PNG);
    assertThat(args.options().maxFrames()).isEqualTo(100);
    assertThat(args.options().width()).isEqualTo(640);
    assertThat(args.options().start()).isEqualTo(5.0);
    assertThat(args.options().end()).isEqualTo(65.5);
    assertThat(args.limits().maxDurationSeconds()).isEqualTo(3600);
    assertThat(args.limits().maxPixels()).isEqualTo(2073600);
  }

  @Test
  void theWorkDirDefaultsToTheImagesVolume() {
    CliArguments args =
        CliArguments.parse(new String[] {"--source", "a", "--output", "b"}, DEFAULTS);
    assertThat(args.workDir()).isEqualTo(Path.of("/work"));
    assertThat(args.options().fps()).isEqualTo(1.0);
    assertThat(args.resultFile()).isNull();
  }

  @Test
  void malformedLinesAreBadInput() {
    assertBad(
        "Invalid value for option '--fps': 'fast' is not a double",
        "--source",
        "a",
        "--output",
        "b",
        "--fps",
        "fast");
    assertBad(
        "Invalid value for option '--max-frames': '1.5' is not an int",
        "--source",
        "a",
        "--output",
        "b",
        "--max-frames",
        "1.5");
    assertBad(
        "option '--width' (W) should be specified only once",
        "--source",
        "a",
        "--output",
        "b",
        "--width",
        "100",
        "--width",
        "200");
    assertBad(
        "Error: expected only one match",
        "--source",
        "a",
        "--output",
        "b",
        "--fps",
        "1",
        "--fps",
        "2");
    assertBad(
        "Invalid value for option '--output': expected s3://bucket/key but got s3://results",
        "--source",
        "a",
        "--output",
        "s3://results");
    assertBad(
        "Missing required parameter for option '--fps'", "--source", "a", "--output", "b", "--fps");
    assertBad("Missing required option: '--source", "--output", "b");
  }

  @Test
  void theRateIsGivenOneWayOrNotAtAll() {
    assertBad(
        "Error: --fps=R, --interval-seconds=N are mutually exclusive",
        "--source",
        "a",
        "--output",
        "b",
        "--fps",
        "1",
        "--interval-seconds",
        "2");
  }

  @Test
  void optionsOutsideTheContractsBoundsAreBadInput() {
    assertBad(
        "intervalSeconds must be between 1/120 and 86400 seconds",
        "--source",
        "a",
        "--output",
        "b",
        "--interval-seconds",
        "0.005");
  }

  @Test
  void theHelpIsGeneratedFromTheDeclaration() {
    assertThat(CliArguments.asksForHelp(new String[] {"--help"})).isTrue();
    assertThat(CliArguments.asksForHelp(new String[] {"--source", "a", "--output", "b"})).isFalse();
    assertThat(CliArguments.usage())
        .startsWith("Usage: frame-extractor")
        .contains(
            "--source=https://URL|s3://bucket/key|PATH",
            "--upload=FILE",
            "--fps=R",
            "--interval-seconds=N");
  }

  @Test
  void theResultFileIsFoundEvenInABrokenLine() {
    assertThat(CliArguments.resultFileOf(new String[] {"--bogus", "--result-file", "/r.json"}))
        .isEqualTo(Path.of("/r.json"));
    assertThat(CliArguments.resultFileOf(new String[] {"--result-file=/r.json"}))
        .isEqualTo(Path.of("/r.json"));
  }

  private static void assertBad(String reasonStart, String... args) {
    assertThatThrownBy(() -> CliArguments.parse(args, DEFAULTS))
        .isInstanceOf(BadInputException.class)
        .hasMessageStartingWith(reasonStart);
  }
}
