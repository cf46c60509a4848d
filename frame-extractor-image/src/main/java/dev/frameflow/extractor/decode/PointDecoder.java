package dev.frameflow.extractor.decode;

import dev.frameflow.contracts.extraction.ExtractionOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The frames on screen at given times (seconds from the start of the video), one ffmpeg process per
 * time, {@code workers} at a time: an input seek ({@code -ss} before {@code -i}) decodes from the
 * keyframe before the time and hands on the first frame at or after it, so each frame costs at most
 * one GOP of decoding. In a container with an index the seek goes a little earlier, without
 * ffmpeg's stream probing, and a {@code select} by timestamp drops the frames before the time; in
 * MPEG-TS {@link SafeSeek} finds a seek point that does not land late. A time past the last frame
 * gets the last frame.
 */
public final class PointDecoder {

  private final Ffmpeg ffmpeg;
  private final int workers;

  public PointDecoder(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  /** One frame per time, in the order given. */
  public List<PickedFrame> decode(
      MediaSource input,
      VideoInfo video,
      double[] times,
      ExtractionOptions options,
      Path dir,
      TimelineProgress progress)
      throws IOException, InterruptedException {
    Files.createDirectories(dir);
    int threads = times.length >= workers ? 1 : 0;
    List<ParallelRuns.Job<PickedFrame>> jobs = new ArrayList<>(times.length);
    for (int i = 0; i < times.length; i++) {
      int index = i;
      jobs.add(
          () -> {
            PickedFrame frame = one(input, video, times[index], options, threads, dir, index);
            progress.advance(1);
            return frame;
          });
    }
    return ParallelRuns.all(jobs, workers);
  }

  private PickedFrame one(
      MediaSource input,
      VideoInfo video,
      double time,
      ExtractionOptions options,
      int threads,
      Path dir,
      int index)
      throws IOException, InterruptedException {
    Path file =
        dir.resolve(
            String.format(Locale.ROOT, "point-%06d.%s", index, options.format().extension()));
    // a time at or past the end: the last frame, found by seeking a little before the end
    double lastFrame = video.durationSeconds() - 1 / video.frameRateOrDefault();
    double seek = Math.max(0, Math.min(time, lastFrame));
    ShowinfoLines frames = run(input, video, seek, options, threads, file, false);
    if (frames.frames().isEmpty()) {
      frames = run(input, video, Math.max(0, lastFrame - 2), options, threads, file, true);
      if (frames.frames().isEmpty()) {
        throw new BadInputException(
            FailureReason.CORRUPT, "corrupt video: no frame could be decoded near " + time + " s");
      }
      // several frames written in turn to the one file: the last one stays
      ShowinfoLines.Frame last = frames.frames().get(frames.frames().size() - 1);
      return new PickedFrame(file, time, last.rawSeconds() - video.startSeconds(), last.keyframe());
    }
    ShowinfoLines.Frame first = frames.frames().get(0);
    return new PickedFrame(file, time, first.rawSeconds() - video.startSeconds(), first.keyframe());
  }

  private ShowinfoLines run(
      MediaSource input,
      VideoInfo video,
      double seek,
      ExtractionOptions options,
      int threads,
      Path file,
      boolean lastOfAll)
      throws IOException, InterruptedException {
    List<String> args = new ArrayList<>(List.of("-nostats"));
    if (threads > 0) {
      args.addAll(List.of("-threads", Integer.toString(threads)));
    }
    // where the input seek may land past the keyframe needed (MPEG-TS), it starts earlier and
    // the frames before the time are dropped by timestamp instead of by the accurate seek
    double from = SafeSeek.seekPoint(ffmpeg, input, video, seek, seek);
    boolean indexed = !SafeSeek.needed(video);
    if (indexed) {
      // The probe knows the streams: no find_stream_info (it reads and decodes the first frames of
      // every stream, a fifth of a frame's cost here). Without it ffmpeg neither adds the file's
      // start time to -ss nor steps back for B-frames (a keyframe is decoded before it is shown,
      // so the index, in decoding time, would start the frames just before it a GOP late): the
      // seek is in the file's own timestamps, that far earlier, and the frames before the time
      // are dropped by timestamp.
      args.add("-nofind_stream_info");
      from = Math.max(0, seek - reorderLead(video));
    }
    String first = "null";
    if (from < seek) {
      args.add("-noaccurate_seek");
      first = SafeSeek.selectFrom(video, seek);
    }
    if (from > 0) {
      args.addAll(List.of("-ss", Timeline.plain(indexed ? video.startSeconds() + from : from)));
    }
    args.addAll(List.of("-noautorotate", "-copyts"));
    args.addAll(input.inputArguments());
    args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
    args.addAll(List.of("-vf", first + Pictures.upright(video, options.width()) + ",showinfo"));
    // the last frame of all: each frame overwrites the one file (-update), the last stays
    if (!lastOfAll) {
      args.addAll(List.of("-frames:v", "1"));
    }
    args.addAll(List.of("-vsync", "passthrough"));
    args.addAll(FrameEncoding.arguments(options));
    args.addAll(List.of("-f", "image2", "-update", "1", "-y", file.toString()));
    ShowinfoLines lines = new ShowinfoLines();
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, lines::accept);
    if (!outcome.succeeded()) {
      FrameDecoder.fail(outcome);
    }
    if (lines.truncated()) {
      throw new BadInputException(
          FailureReason.CORRUPT, "corrupt video: the file is truncated (partial file)");
    }
    if (!lines.frames().isEmpty() && !Files.isRegularFile(file)) {
      throw new IOException("ffmpeg reported a frame but wrote no " + file);
    }
    if (!lastOfAll && lines.frames().size() > 1) {
      // the filters ran ahead of -frames:v 1: only the first frame was encoded
      return trimmed(lines);
    }
    return lines;
  }

  /**
   * How far before a time its seek goes in an indexed container: ffmpeg's own step back for
   * B-frames (3/23 s), or four frames where that is longer (a slow frame rate).
   */
  static double reorderLead(VideoInfo video) {
    return Math.max(3.0 / 23, 4 / video.frameRateOrDefault());
  }

  private static ShowinfoLines trimmed(ShowinfoLines lines) {
    ShowinfoLines first = new ShowinfoLines();
    first.frames().add(lines.frames().get(0));
    return first;
  }
}
