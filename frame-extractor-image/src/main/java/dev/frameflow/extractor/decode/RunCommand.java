package dev.frameflow.extractor.decode;

import dev.frameflow.extractor.ExtractionOptions;
import dev.frameflow.extractor.ImageFormat;
import dev.frameflow.extractor.plan.DecodeRun;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The ffmpeg arguments of one {@link DecodeRun}.
 *
 * <ul>
 *   <li>Input seeking ({@code -ss} before {@code -i}) to the run's first window: ffmpeg jumps to
 *       the keyframe before it and decodes forward, dropping what lies before the window (accurate
 *       seek), so a frame costs at most one GOP of decoding.
 *   <li>{@code -t} ends the decoding at the end of the run's last window; {@code -frames:v} stops
 *       as soon as every tick has its frame.
 *   <li>{@code select} keeps the first frame of each tick window of the run, and only those: the
 *       windows of neighbouring runs do not overlap, so no frame is missed or repeated at a border.
 *       {@code -copyts} keeps the stream's own timestamps, which is what the expression compares.
 *   <li>Rotation, scaling and encoding run only on the selected frames ({@code -noautorotate} plus
 *       our own transpose after {@code select}); {@code showinfo} reports each frame's timestamp.
 * </ul>
 */
final class RunCommand {

  private RunCommand() {}

  static List<String> arguments(
      Path input,
      VideoInfo video,
      Timeline timeline,
      ExtractionOptions options,
      DecodeRun run,
      Path outputDir) {
    List<String> args = new ArrayList<>();
    args.add("-nostats");
    double seek = timeline.windowStart(run.firstTick());
    if (seek > 0) {
      args.add("-ss");
      args.add(Timeline.plain(seek));
    }
    if (run.endTick() < timeline.count()) {
      args.add("-t");
      args.add(Timeline.plain(timeline.windowStart(run.endTick()) - seek));
    }
    args.addAll(List.of("-noautorotate", "-copyts", "-i", input.toString()));
    args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
    args.add("-vf");
    args.add(filters(video, timeline, options, run));
    args.addAll(List.of("-vsync", "passthrough", "-frames:v", Integer.toString(run.ticks())));
    if (options.format() == ImageFormat.JPEG) {
      args.addAll(
          List.of(
              "-c:v",
              "mjpeg",
              "-q:v",
              Integer.toString(options.quality()),
              "-pix_fmt",
              "yuvj420p"));
    } else {
      args.addAll(List.of("-c:v", "png", "-pix_fmt", "rgb24"));
    }
    args.addAll(List.of("-f", "image2", "-start_number", "0"));
    args.add(outputDir.resolve("%06d." + options.format().extension()).toString());
    return args;
  }

  static String filters(
      VideoInfo video, Timeline timeline, ExtractionOptions options, DecodeRun run) {
    String tick = timeline.tickExpression("t", video.startSeconds());
    String previousTick = timeline.tickExpression("prev_selected_t", video.startSeconds());
    StringBuilder chain = new StringBuilder();
    chain
        .append("select='st(0,")
        .append(tick)
        .append(");gte(ld(0),")
        .append(run.firstTick())
        .append(")*lt(ld(0),")
        .append(run.endTick())
        .append(")*(isnan(prev_selected_t)+gt(ld(0),")
        .append(previousTick)
        .append("))'");
    switch (video.rotation()) {
      case 90 -> chain.append(",transpose=clock");
      case 180 -> chain.append(",hflip,vflip");
      case 270 -> chain.append(",transpose=cclock");
      default -> {}
    }
    if (options.width() != null) {
      // -2: the height that keeps the aspect ratio, rounded to even (4:2:0 JPEG needs it)
      chain.append(",scale=").append(options.width()).append(":-2");
    }
    chain.append(",showinfo");
    return chain.toString();
  }
}
