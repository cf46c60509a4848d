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
  void aRunWithSeekWindowsReadsThemThroughTheConcatDemuxerWithoutTrim() {
    DecodeRun windows = new DecodeRun(0, 10, 14, List.of(10, 12));
    List<String> args =
        RunCommand.arguments(
            IN_MP4.concatScript(Path.of("w.ffconcat")),
            video,
            timeline,
            options,
            windows,
            1,
            Path.of("o"));

    assertThat(args).containsSequence("-f", "concat", "-safe", "0").doesNotContain("-ss");
    // the script is a file, its entries the source: read with file only, as the probe's demuxer
    assertThat(args)
        .containsSequence("-protocol_whitelist", "file")
        .containsSequence("-format_whitelist", "concat,mov");
    assertThat(args.get(args.indexOf("-vf") + 1)).startsWith("select=");
    // frames come out shifted by the first inpoint: 10 s plus a quarter frame at 30 frames/s
    assertThat(RunCommand.timestampOffset(video, timeline, windows))
        .isCloseTo(10 + 0.25 / 30, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void eachWindowStartsAtItsTickEndsTwoFramesAfterItsLastAndKeepsTimestampsApart() {
    DecodeRun windows = new DecodeRun(0, 10, 14, List.of(10, 12));

    String script =
        RunCommand.concatScript(
            MediaSource.file(Path.of("/work/it's.mp4")), video, timeline, windows);

    double quarter = 0.25 / 30;
    assertThat(script)
        .isEqualTo(
            "ffconcat version 1.0\n"
                + "file '/work/it'\\''s.mp4'\n"
                + "inpoint "
                + Timeline.plain(10 + quarter)
                + "\noutpoint "
                + Timeline.plain(11 + 2.0 / 30)
                + "\nduration "
                + Timeline.plain((12 + quarter) - (10 + quarter))
                + "\nfile '/work/it'\\''s.mp4'\n"
                + "inpoint "
                + Timeline.plain(12 + quarter)
                + "\noutpoint "
                + Timeline.plain(13 + 2.0 / 30)
                + "\nduration "
                + Timeline.plain((13 + 2.0 / 30) - (12 + quarter))
                + "\n");
  }
}
