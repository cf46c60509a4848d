package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.extraction.SamplingMode;
import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.contracts.result.ExitCodes;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CliArgumentsTest {

  @Test
  void everyOptionIsRead() {
    CliArguments args =
        extract(
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
            });
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
    CliArguments args = extract(new String[] {"--source", "a", "--output", "b"});
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
  void eachSamplingModeHasItsFlagAndTheyExcludeEachOther() {
    assertThat(parse("--count", "8").options().count()).isEqualTo(8);
    assertThat(parse("--timestamps", "12.5,50%").options().timestamps())
        .containsExactly("12.5", "50%");
    ExtractionOptions keyframes = parse("--keyframes", "--min-interval-seconds", "5").options();
    assertThat(keyframes.mode()).isEqualTo(SamplingMode.KEYFRAMES);
    assertThat(keyframes.minIntervalSeconds()).isEqualTo(5.0);
    ExtractionOptions scene = parse("--scene", "--scene-threshold", "0.4").options();
    assertThat(scene.mode()).isEqualTo(SamplingMode.SCENE);
    assertThat(scene.sceneThreshold()).isEqualTo(0.4);
    assertThat(parse("--scene").options().sceneThreshold()).isEqualTo(0.3);
    assertBad(
        "Error: --count=N, --keyframes are mutually exclusive",
        "--source",
        "a",
        "--output",
        "b",
        "--count",
        "3",
        "--keyframes");
    assertBad(
        "timestamps[0] must be seconds (12.5) or a percentage (50%)",
        "--source", "a", "--output", "b", "--timestamps", "soon");
  }

  @Test
  void theOutputsBesidesTheFramesAndWebpHaveTheirFlags() {
    ExtractionOptions defaults =
        parse("--storyboard", "--contact-sheet", "--preview", "--format", "webp").options();
    assertThat(defaults.storyboard()).isEqualTo(StoryboardOptions.defaults());
    assertThat(defaults.wantsContactSheet()).isTrue();
    assertThat(defaults.wantsPreview()).isTrue();
    assertThat(defaults.format()).isEqualTo(ImageFormat.WEBP);
    assertThat(
            parse(
                    "--storyboard-interval",
                    "5",
                    "--storyboard-tile-width",
                    "120",
                    "--storyboard-grid",
                    "5x4")
                .options()
                .storyboard())
        .isEqualTo(new StoryboardOptions(5.0, 120, 5, 4));
    assertThat(parse().options().storyboard()).isNull();
    assertBad(
        "--storyboard-grid must be COLUMNSxROWS",
        "--source",
        "a",
        "--output",
        "b",
        "--storyboard-grid",
        "big");
  }

  private static CliArguments parse(String... options) {
    String[] args = new String[options.length + 4];
    args[0] = "--source";
    args[1] = "a";
    args[2] = "--output";
    args[3] = "b";
    System.arraycopy(options, 0, args, 4, options.length);
    return extract(args);
  }

  @Test
  void aJobPassesTheOptionsAsOneJsonValue() {
    ExtractionOptions options =
        ExtractionOptions.builder()
            .scene(true)
            .minIntervalSeconds(2.0)
            .format(ImageFormat.WEBP)
            .storyboard(new StoryboardOptions(5.0, null, 4, 3))
            .contactSheet(true)
            .build();
    String json =
        "{\"scene\":true,\"minIntervalSeconds\":2,\"format\":\"webp\","
            + "\"storyboard\":{\"intervalSeconds\":5,\"columns\":4,\"rows\":3},"
            + "\"contactSheet\":true}";

    assertThat(parse("--options-json", json).options()).isEqualTo(options);
    assertThat(parse("--options-json", "{}").options()).isEqualTo(ExtractionOptions.defaults());
  }

  @Test
  void theJsonValueIsCheckedLikeTheFlags() {
    assertBad(
        "intervalSeconds must be between 1/120 and 86400 seconds",
        "--source",
        "a",
        "--output",
        "b",
        "--options-json",
        "{\"intervalSeconds\":0.005}");
    assertThatThrownBy(() -> parse("--options-json", "{\"crop\":1}"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--options-json is not the options' JSON")
        .hasMessageContaining("crop");
    assertThatThrownBy(() -> parse("--options-json", "{\"fps\":2}", "--width", "640"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("--options-json goes with none of the options' own flags");
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
    assertThat(usage(ExtractorFlags.EXTRACT))
        .startsWith("Usage: frame-extractor extract")
        .contains(
            "--source=https://URL|s3://bucket/key|PATH",
            "--upload=FILE",
            "--fps=R",
            "--interval-seconds=N",
            "(50%).",
            "FRAMEFLOW_ACCESS_URL");
    assertThat(usage(ExtractorFlags.PROBE)).contains("--source=").doesNotContain("--fps");
    assertThat(usage(ExtractorFlags.SLICE)).contains("--slices=N", "--slice-index=I", "--fps=R");
    assertThat(usage(ExtractorFlags.ASSEMBLE))
        .contains("--slices=N", "--assemble-from=DIR")
        .doesNotContain("--source");
  }

  @Test
  void aSliceIsOneOfOneToSixtyFourAndItsIndexWithinThem() {
    assertThat(slice("--slices", "4", "--slice-index", "3").slicing())
        .isEqualTo(new CliArguments.Slicing(4, 3, null, null));
    assertThat(slice("--slices", "4").slicing().slice()).isNull();
    assertThatThrownBy(() -> slice("--slices", "65"))
        .hasMessage("--slices must be 1..64 but was 65");
    assertThatThrownBy(() -> slice("--slices", "4", "--slice-index", "4"))
        .hasMessage("--slice-index must be 0..3");
  }

  @Test
  void eachMalformationIsBadInputByTheContractsExitCode() {
    assertThat(new RunFailure.ExitCodeMapper().getExitCode(parseFailure("--fps", "fast")))
        .isEqualTo(ExitCodes.BAD_INPUT);
    assertThat(new RunFailure.ExitCodeMapper().getExitCode(new java.io.IOException("disk full")))
        .isEqualTo(ExitCodes.TRANSIENT);
  }

  @Test
  void theResultFileIsFoundEvenInABrokenLine() {
    assertThat(CliArguments.resultFileOf(new String[] {"--bogus", "--result-file", "/r.json"}))
        .isEqualTo(Path.of("/r.json"));
    assertThat(CliArguments.resultFileOf(new String[] {"--result-file=/r.json"}))
        .isEqualTo(Path.of("/r.json"));
  }

  @Test
  void everyDescriptionIsAFormatPicocliCanExpand() {
    // a lone '%' in a description makes picocli warn on stderr and print the raw text
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream warnings = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(warnings, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      for (String command : ExtractorCli.commandLine(null).getSubcommands().keySet()) {
        usage(command);
      }
    } finally {
      System.setErr(err);
    }
    assertThat(warnings.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("WARN");
  }

  /** Picocli's refusals and the checks after it: both bad input (exit code 2). */
  private static void assertBad(String reasonStart, String... args) {
    assertThatThrownBy(() -> extract(args))
        .isInstanceOfAny(BadInputException.class, CommandLine.ParameterException.class)
        .hasMessageStartingWith(reasonStart)
        .satisfies(e -> assertThat(RunFailure.of(e).exitCode()).isEqualTo(ExitCodes.BAD_INPUT));
  }

  private static CliArguments extract(String... args) {
    ExtractCommand command = new ExtractCommand(null);
    new CommandLine(command).parseArgs(args);
    return command.arguments();
  }

  private static CliArguments slice(String... flags) {
    SliceCommand command = new SliceCommand(null);
    List<String> args = new ArrayList<>(List.of("--source", "a", "--output", "b"));
    args.addAll(List.of(flags));
    new CommandLine(command).parseArgs(args.toArray(String[]::new));
    return command.arguments();
  }

  private static Exception parseFailure(String... flags) {
    try {
      slice(flags);
      throw new AssertionError("parsed");
    } catch (CommandLine.ParameterException | BadInputException e) {
      return e;
    }
  }

  private static String usage(String command) {
    return ExtractorCli.commandLine(null)
        .getSubcommands()
        .get(command)
        .getUsageMessage(CommandLine.Help.Ansi.OFF);
  }
}
