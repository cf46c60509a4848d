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
 *   <li>Input seeking ({@code -ss} before {@code -i}) to the run's first requested timestamp:
 *       ffmpeg jumps to the keyframe at or before it and decodes forward, so a frame costs at most
 *       one GOP of decoding. {@code -noaccurate_seek} passes every decoded frame on: the {@code
 *       select} filter, not ffmpeg's trimming, decides which frame serves which timestamp.
 *   <li>{@code select} keeps the first frame of each tick window of the run, and only those: the
 *       windows of neighbouring runs do not overlap, so no frame is missed or repeated at a border.
 *       {@code -copyts} keeps the stream's own timestamps, which is what the expression compares.
 *   <li>{@code trim} ends the run at the start of the next run's first timestamp (ffmpeg stops
 *       reading there); {@code -frames:v} stops as soon as every tick has its frame.
 *   <li>{@code threads} above 0 pins the decoder, the filters and the encoder to that many threads
 *       (the caller runs enough processes to fill the cores); 0 leaves the choice to ffmpeg.
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
      int threads,
      Path outputDir) {
    List<String> args = new ArrayList<>();
    args.add("-nostats");
    if (threads > 0) {
      args.addAll(List.of("-threads", Integer.toString(threads)));
    }
    double seek = timeline.time(run.firstTick());
    if (seek > 0) {
      args.addAll(List.of("-noaccurate_seek", "-ss", Timeline.plain(seek)));
    }
    args.addAll(List.of("-noautorotate", "-copyts", "-i", input.toString()));
    args.addAll(List.of("-map", "0:v:0", "-an", "-sn", "-dn"));
    args.add("-vf");
    args.add(filters(video, timeline, options, run));
    args.addAll(List.of("-vsync", "passthrough", "-frames:v", Integer.toString(run.ticks())));
    if (threads > 0) {
      args.addAll(
          List.of(
              "-filter_threads", Integer.toString(threads), "-threads", Integer.toString(threads)));
    }
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
    if (run.endTick() < timeline.count()) {
      double end = video.startSeconds() + timeline.time(run.endTick());
      chain.append("trim=end=").append(Timeline.plain(end)).append(',');
    }
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
