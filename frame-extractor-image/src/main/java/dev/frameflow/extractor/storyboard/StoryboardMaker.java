package dev.frameflow.extractor.storyboard;

import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.decode.ParallelRuns;
import dev.frameflow.extractor.decode.SafeSeek;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.plan.Timeline;
import dev.frameflow.extractor.probe.VideoInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Makes a storyboard: one tile per interval over the whole video, the sprites and the WebVTT index.
 * A tile is a preview, not an exact frame: each is the keyframe at or before its time, found by one
 * seek and decoded alone ({@code -skip_frame nokey}), so a tile costs one picture whatever the GOP.
 * The tiles are laid out by ffmpeg's {@code tile} filter, as JPEG.
 *
 * <p>The tiles are cut into one batch per worker (more for a long storyboard: at most {@link
 * #MAX_TILES_PER_RUN} each), and each batch is one ffmpeg reading a concat script with one seek
 * window per tile: the window starts at the tile's time (the demuxer goes to the keyframe before)
 * and ends half a frame later, so that the decoder, skipping all but keyframes, hands on exactly
 * that keyframe. A process per tile cost ~0.2 s of start-up and probing; a window costs the
 * reopening of the input. A batch that does not give one picture per tile (a damaged stretch, a
 * keyframe inside a window) is made again one process per tile.
 *
 * <p>In MPEG-TS and MPEG-PS a seek (a window's inpoint as much as {@code -ss}) can land on the
 * keyframe after the time instead of the one before ({@link SafeSeek}). There each tile is its own
 * process instead: its seek point is checked first, and the run decodes the keyframes from there up
 * to the tile's time, the last one staying. The containers with an index keep the windows, at no
 * extra cost.
 */
public final class StoryboardMaker {

  /** What was made: the layout and the sprite files, in order. */
  public record Storyboard(StoryboardLayout layout, List<Path> sprites, String vtt) {}

  /** Tiles per ffmpeg at most: each window reopens the input, and its script stays small. */
  static final int MAX_TILES_PER_RUN = 200;

  /** How every tile is written: a JPEG at quality 3, full-range (sprites are made from them). */
  private static final List<String> TILE_JPEG =
      List.of("-q:v", "3", "-pix_fmt", "yuvj420p", "-f", "image2");

  private final Ffmpeg ffmpeg;
  private final int workers;

  public StoryboardMaker(Ffmpeg ffmpeg, int workers) {
    this.ffmpeg = ffmpeg;
    this.workers = workers;
  }

  public Storyboard make(MediaSource input, VideoInfo video, StoryboardOptions options, Path dir)
      throws IOException, InterruptedException {
    StoryboardLayout layout =
        StoryboardLayout.of(
            options, video.durationSeconds(), video.displayWidth(), video.displayHeight());
    Path tiles = Files.createDirectories(dir.resolve("tiles"));
    boolean checked = SafeSeek.needed(video);
    // a window's seek could land a GOP late there: batches of one tile, each a checked seek
    List<int[]> batches =
        checked ? batches(layout.tiles(), layout.tiles()) : batches(layout.tiles(), workers);
    List<ParallelRuns.Job<boolean[]>> jobs = new ArrayList<>();
    for (int[] batch : batches) {
      jobs.add(
          checked
              ? () -> new boolean[] {checkedTile(input, video, layout, batch[0], tiles)}
              : () -> batch(input, video, layout, batch[0], batch[1], tiles));
    }
    List<boolean[]> made = ParallelRuns.all(jobs, workers);
    boolean[] ok = new boolean[layout.tiles()];
    for (int b = 0; b < made.size(); b++) {
      System.arraycopy(made.get(b), 0, ok, batches.get(b)[0], made.get(b).length);
    }
    for (int i = 0; i < layout.tiles(); i++) {
      if (!ok[i]) {
        // nothing decodable there (a damaged stretch): the tile before stands in
        if (i == 0) {
          throw new BadInputException(
              FailureReason.CORRUPT, "corrupt video: no picture for the storyboard's first tile");
        }
        Files.copy(tileFile(tiles, i - 1), tileFile(tiles, i), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new Storyboard(layout, sprites(layout, tiles, dir), WebVtt.of(layout));
  }

  /** Tile ranges {@code [first, end)}: one per worker, more when a range would exceed the cap. */
  static List<int[]> batches(int tiles, int workers) {
    int count =
        Math.min(
            tiles,
            Math.max(Math.max(1, workers), (tiles + MAX_TILES_PER_RUN - 1) / MAX_TILES_PER_RUN));
    List<int[]> batches = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      batches.add(
          new int[] {(int) ((long) tiles * b / count), (int) ((long) tiles * (b + 1) / count)});
    }
    return batches;
  }

  /**
   * Tiles {@code [first, end)} by one ffmpeg over a concat script of seek windows; where it gives
   * other than one picture per tile, one process per tile. Which tiles got a picture.
   */
  private boolean[] batch(
      MediaSource input, VideoInfo video, StoryboardLayout layout, int first, int end, Path tiles)
      throws IOException, InterruptedException {
    Path scriptFile = tiles.resolve(String.format(Locale.ROOT, "batch-%06d.ffconcat", first));
    Files.writeString(scriptFile, concatScript(input, video, layout, first, end));
    List<String> args = batchArguments(input.concatScript(scriptFile), video, layout, first, tiles);
    int[] pictures = {0};
    Ffmpeg.Outcome outcome =
        ffmpeg.run(
            args,
            null,
            line -> {
              if (line.contains("Parsed_showinfo_") && line.contains(" iskey:")) {
                pictures[0]++;
              }
            });
    Files.deleteIfExists(scriptFile);
    boolean[] ok = new boolean[end - first];
    boolean all = outcome.succeeded() && pictures[0] == end - first;
    for (int tile = first; all && tile < end; tile++) {
      all = Files.isRegularFile(tileFile(tiles, tile));
    }
    for (int tile = first; tile < end; tile++) {
      if (!all) {
        Files.deleteIfExists(tileFile(tiles, tile));
      }
      ok[tile - first] = all || tile(input, video, layout, tile, tiles);
    }
    return ok;
  }

  /** The concat script of tiles {@code [first, end)}: one seek window of half a frame per tile. */
  private static String concatScript(
      MediaSource input, VideoInfo video, StoryboardLayout layout, int first, int end) {
    double frame = 1 / video.frameRateOrDefault();
    StringBuilder script = new StringBuilder("ffconcat version 1.0\n");
    for (int tile = first; tile < end; tile++) {
      // a quarter of a frame past the tile's time: a keyframe right on it (its timestamp rounded a
      // hair above) is the one found, not the one a GOP earlier
      double in = video.startSeconds() + layout.start(tile) + frame / 4;
      script
          .append("file '")
          .append(input.location().replace("'", "'\\''"))
          .append("'\ninpoint ")
          .append(Timeline.plain(in))
          .append("\noutpoint ")
          .append(Timeline.plain(in + frame / 2))
          .append("\nduration ")
          .append(Timeline.plain(layout.interval()))
          .append('\n');
    }
    return script.toString();
  }

  /** A batch's ffmpeg command line, after {@code ffmpeg}: its tiles numbered from {@code first}. */
  private static List<String> batchArguments(
      MediaSource script, VideoInfo video, StoryboardLayout layout, int first, Path tiles) {
    List<String> args = new ArrayList<>(List.of("-nostats", "-threads", "1"));
    args.addAll(List.of("-skip_frame", "nokey", "-noautorotate"));
    args.addAll(script.inputArguments());
    args.addAll(
        List.of(
            "-map",
            "0:v:0",
            "-an",
            "-sn",
            "-dn",
            "-vf",
            // counted as decoded; numbered in order (the windows' own times may repeat)
            "showinfo=checksum=0," + rotation(video) + scale(layout) + ",setpts=N/TB",
            "-filter_threads",
            "1",
            "-vsync",
            "passthrough"));
    args.addAll(TILE_JPEG);
    args.addAll(
        List.of(
            "-start_number", Integer.toString(first), "-y", tiles.resolve("%06d.jpg").toString()));
    return args;
  }

  private static String rotation(VideoInfo video) {
    return switch (video.rotation()) {
      case 90 -> "transpose=clock,";
      case 180 -> "hflip,vflip,";
      case 270 -> "transpose=cclock,";
      default -> "";
    };
  }

  private static String scale(StoryboardLayout layout) {
    return "scale=" + layout.tileWidth() + ":" + layout.tileHeight();
  }

  /** One tile by its own ffmpeg: a seek to its time and the first keyframe there. */
  private boolean tile(
      MediaSource input, VideoInfo video, StoryboardLayout layout, int tile, Path tiles)
      throws InterruptedException {
    List<String> args = new ArrayList<>(List.of("-nostats", "-threads", "1"));
    args.addAll(List.of("-skip_frame", "nokey"));
    if (layout.start(tile) > 0) {
      args.addAll(List.of("-noaccurate_seek", "-ss", Timeline.plain(layout.start(tile))));
    }
    args.add("-noautorotate");
    args.addAll(input.inputArguments());
    args.addAll(
        tileOutput(
            rotation(video) + scale(layout), List.of("-frames:v", "1"), tileFile(tiles, tile)));
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, null);
    return outcome.succeeded() && Files.isRegularFile(tileFile(tiles, tile));
  }

  /**
   * One tile in a container whose seeks may land past the keyframe wanted: decoding (keyframes
   * only) starts at a seek point checked to land at or before the tile's time, {@code trim} ends
   * the run at the first keyframe past it, and each keyframe written overwrites the one file
   * ({@code -update}), so the last at or before the time stays.
   */
  private boolean checkedTile(
      MediaSource input, VideoInfo video, StoryboardLayout layout, int tile, Path tiles)
      throws InterruptedException {
    // the same quarter of a frame of slack as a window's inpoint: a keyframe right on the time
    // (its timestamp rounded a hair above) is the tile's
    double until = layout.start(tile) + 1 / video.frameRateOrDefault() / 4;
    double from = SafeSeek.seekPoint(ffmpeg, input, video, layout.start(tile), until);
    List<String> args = new ArrayList<>(List.of("-nostats", "-threads", "1"));
    args.addAll(List.of("-skip_frame", "nokey", "-noaccurate_seek"));
    if (from > 0) {
      args.addAll(List.of("-ss", Timeline.plain(from)));
    }
    // the frames keep their own timestamps, which trim compares with the tile's time
    args.addAll(List.of("-noautorotate", "-copyts"));
    args.addAll(input.inputArguments());
    args.addAll(
        tileOutput(
            "trim=end="
                + Timeline.plain(video.startSeconds() + until)
                + ","
                + rotation(video)
                + scale(layout),
            List.of("-vsync", "passthrough"),
            tileFile(tiles, tile)));
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, null);
    return outcome.succeeded() && Files.isRegularFile(tileFile(tiles, tile));
  }

  /**
   * The output of a one-tile run: the first video stream through {@code filter}, {@code limit}
   * deciding which frames are written, each one overwriting the tile's JPEG.
   */
  private static List<String> tileOutput(String filter, List<String> limit, Path file) {
    List<String> output =
        new ArrayList<>(List.of("-map", "0:v:0", "-an", "-sn", "-dn", "-vf", filter));
    output.addAll(limit);
    output.addAll(TILE_JPEG);
    output.addAll(List.of("-update", "1", "-y", file.toString()));
    return output;
  }

  private List<Path> sprites(StoryboardLayout layout, Path tiles, Path dir)
      throws IOException, InterruptedException {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-nostats",
                "-framerate",
                "1",
                "-start_number",
                "0",
                "-f",
                "image2",
                "-i",
                tiles.resolve("%06d.jpg").toString(),
                "-vf",
                "tile=" + layout.columns() + "x" + layout.rows(),
                "-q:v",
                "3",
                "-pix_fmt",
                "yuvj420p",
                "-start_number",
                "0",
                "-f",
                "image2",
                "-y",
                dir.resolve("sprite-%03d.jpg").toString()));
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, null);
    if (!outcome.succeeded()) {
      throw new IOException("ffmpeg could not lay out the storyboard: " + outcome.lastError());
    }
    List<Path> sprites = new ArrayList<>();
    for (int s = 0; s < layout.sprites(); s++) {
      Path sprite = dir.resolve(String.format(Locale.ROOT, "sprite-%03d.jpg", s));
      if (!Files.isRegularFile(sprite)) {
        throw new IOException("ffmpeg wrote no sprite " + sprite.getFileName());
      }
      sprites.add(sprite);
    }
    return sprites;
  }

  private static Path tileFile(Path tiles, int tile) {
    return tiles.resolve(String.format(Locale.ROOT, "%06d.jpg", tile));
  }
}
