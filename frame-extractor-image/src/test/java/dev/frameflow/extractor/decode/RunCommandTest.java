package dev.frameflow.extractor.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  private static final MediaSource IN_MP4 = MediaSource.file(Path.of("/in.mp4")).withDemuxer("mov");
  private final VideoInfo video = new VideoInfo("mov,mp4", "h264", 1920, 1080, 30, 0, 600, 0);
  private final ExtractionOptions options = ExtractionOptions.defaults();
  private final Timeline timeline = Timeline.of(options, 600);
  private final DecodeRun secondHalf = new DecodeRun(1, 300, 600);

  @Test
  void aRunThatSharesTheCoresWithOthersDecodesFiltersAndEncodesOnOneThread() {
    List<String> args =
        RunCommand.arguments(IN_MP4, video, timeline, options, secondHalf, 1, Path.of("out"));

    int input = args.indexOf("-i");
    assertThat(args.subList(0, input)).containsSequence("-threads", "1");
    assertThat(args.subList(input, args.size()))
        .containsSequence("-filter_threads", "1")
        .containsSequence("-threads", "1");
  }

  @Test
  void everyRunNamesItsProtocolsAndTheDemuxerTheProbeFound() {
    List<String> local =
        RunCommand.arguments(IN_MP4, video, timeline, options, secondHalf, 1, Path.of("out"));
    assertThat(local).containsSequence("-protocol_whitelist", "file", "-f", "mov", "-i", "/in.mp4");

    MediaSource url =
        MediaSource.url(java.net.URI.create("https://s3.example/b/k?X-Amz-Signature=abc"))
            .withDemuxer("mpegts");
    List<String> remote =
        RunCommand.arguments(url, video, timeline, options, secondHalf, 1, Path.of("out"));
    assertThat(remote)
        .containsSequence(
            "-protocol_whitelist",
            "https,tls,tcp",
            "-f",
            "mpegts",
            "-i",
            "https://s3.example/b/k?X-Amz-Signature=abc");
    assertThat(url.toString()).isEqualTo("https://s3.example/b/k");
    // what ffmpeg says about a URL reaches the logs without its signature
    assertThat(
            dev.frameflow.extractor.ffmpeg.Ffmpeg.redact(
                "https://s3.example/b/k?X-Amz-Signature=abc&X-Amz-Expires=60 Connection refused"))
        .isEqualTo("https://s3.example/b/k Connection refused");
  }

  @Test
  void plainHttpIsReadOnlyFromLoopback() {
    assertThat(MediaSource.url(java.net.URI.create("http://127.0.0.1:9/v")).protocols())
        .isEqualTo("http,tcp");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MediaSource.url(java.net.URI.create("http://example.org/v")))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> MediaSource.url(java.net.URI.create("ftp://127.0.0.1/v")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void plainHttpReachesBeyondLoopbackOnlyTheStoreHostTheOperatorNamed() {
    java.net.URI kind = java.net.URI.create("http://minio:9000/uploads/v?X-Amz-Signature=abc");
    assertThat(MediaSource.url(kind, "minio").protocols()).isEqualTo("tcp,http");
    assertThat(MediaSource.url(kind, "MINIO").inputArguments()).doesNotContain("-recv_buffer_size");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MediaSource.url(kind, "other"))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> MediaSource.url(kind, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aRunAloneLeavesTheThreadCountToFfmpeg() {
    List<String> args =
        RunCommand.arguments(IN_MP4, video, timeline, options, secondHalf, 0, Path.of("out"));

    assertThat(args).doesNotContain("-threads", "-filter_threads");
  }

  @Test
  void processesArePinnedToOneThreadOnlyWhenThereAreEnoughOfThemToFillTheWorkers() {
    assertThat(FrameDecoder.threadsPerRun(4, 2)).isEqualTo(1);
    assertThat(FrameDecoder.threadsPerRun(2, 2)).isEqualTo(1);
    assertThat(FrameDecoder.threadsPerRun(1, 2)).isZero();
  }

  @Test
  void aRunSeeksToItsFirstTimestampAndStopsAtTheNextRunsFirst() {
    List<String> args =
        RunCommand.arguments(
            IN_MP4, video, timeline, options, new DecodeRun(0, 10, 20), 1, Path.of("o"));

    assertThat(args).containsSequence("-ss", "10.0");
    assertThat(args.get(args.indexOf("-vf") + 1)).startsWith("trim=end=20.0,");
  }

  @Test
  void aRunWithSeekWindowsReadsEachAsAnInputOfItsOwnThatSeeksWithoutProbing() {
    List<int[]> windows = new DecodeRun(0, 10, 14, List.of(10, 12)).windows();
    List<String> args =
        RunCommand.windowInputArguments(
            IN_MP4, video, timeline, options, windows, 0, 1, Path.of("o"));

    double quarter = 0.25 / 30;
    // each input seeks to the keyframe before its window's first tick, a quarter frame past it
    // (a keyframe right on the tick is the one found), as a concat inpoint did, without the
    // stream probing the concat demuxer repeated per entry
    assertThat(args)
        .containsSequence(
            "-threads",
            "1",
            "-nofind_stream_info",
            "-noaccurate_seek",
            "-ss",
            Timeline.plain(10 + quarter),
            "-noautorotate",
            "-copyts",
            "-protocol_whitelist",
            "file",
            "-f",
            "mov",
            "-i",
            "/in.mp4")
        .containsSequence("-ss", Timeline.plain(12 + quarter))
        .doesNotContain("concat");
    assertThat(args.stream().filter("-i"::equals).count()).isEqualTo(2);
    // one output per window: its own input, its ticks, read up to two frames past its last tick,
    // reported under its own name
    assertThat(args).containsSequence("-map", "0:v:0").containsSequence("-map", "1:v:0");
    int first = args.indexOf("-vf");
    assertThat(args.get(first + 1))
        .startsWith("trim=end=" + Timeline.plain(11 + 2.0 / 30) + ",select=")
        .contains("lt(ld(0),12)")
        .endsWith(",showinfo@window0");
    assertThat(args.subList(first, args.size())).containsSequence("-frames:v", "2");
    assertThat(args.get(args.lastIndexOf("-vf") + 1))
        .startsWith("trim=end=" + Timeline.plain(13 + 2.0 / 30) + ",select=")
        .endsWith(",showinfo@window1");
    assertThat(args).contains(Path.of("o", "window-0", "%06d.jpg").toString());
    assertThat(args.get(args.size() - 1))
        .isEqualTo(Path.of("o", "window-1", "%06d.jpg").toString());
  }

  @Test
  void oneProcessReadsAtMostAFewWindowsAsInputs() {
    List<int[]> many = new DecodeRun(0, 0, 10, List.of(0, 2, 4, 6, 8)).windows();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                RunCommand.windowInputArguments(
                    IN_MP4, video, timeline, options, many, 0, 1, Path.of("o")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
