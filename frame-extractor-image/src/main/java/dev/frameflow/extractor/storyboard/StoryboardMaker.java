package dev.frameflow.extractor.storyboard;

import dev.frameflow.contracts.extraction.StoryboardOptions;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.extractor.BadInputException;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Makes a storyboard: one tile per interval over the whole video, the sprites and the WebVTT index.
 * A tile is a preview, not an exact frame: each is the keyframe at or before its time, found by one
 * seek and decoded alone ({@code -skip_frame nokey}), so a tile costs one picture whatever the GOP.
 * The tiles are laid out by ffmpeg's {@code tile} filter, as JPEG.
 */
public final class StoryboardMaker {

  /** What was made: the layout and the sprite files, in order. */
  public record Storyboard(StoryboardLayout layout, List<Path> sprites, String vtt) {}

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
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(workers, layout.tiles())),
            task -> {
              Thread thread = new Thread(task, "storyboard-tile");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<Boolean>> made = new ArrayList<>();
      for (int i = 0; i < layout.tiles(); i++) {
        int tile = i;
        made.add(pool.submit(() -> tile(input, video, layout, tile, tiles)));
      }
      for (int i = 0; i < made.size(); i++) {
        boolean ok;
        try {
          ok = made.get(i).get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("storyboard tile " + i + " failed", e.getCause());
        }
        if (!ok) {
          // nothing decodable there (a damaged stretch): the tile before stands in
          if (i == 0) {
            throw new BadInputException(
                FailureReason.CORRUPT, "corrupt video: no picture for the storyboard's first tile");
          }
          Files.copy(
              tileFile(tiles, i - 1), tileFile(tiles, i), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
    return new Storyboard(layout, sprites(layout, tiles, dir), WebVtt.of(layout));
  }

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
    String rotate =
        switch (video.rotation()) {
          case 90 -> "transpose=clock,";
          case 180 -> "hflip,vflip,";
          case 270 -> "transpose=cclock,";
          default -> "";
        };
    args.addAll(
        List.of(
            "-map",
            "0:v:0",
            "-an",
            "-sn",
            "-dn",
            "-vf",
            rotate + "scale=" + layout.tileWidth() + ":" + layout.tileHeight(),
            "-frames:v",
            "1",
            "-q:v",
            "3",
            "-pix_fmt",
            "yuvj420p",
            "-f",
            "image2",
            "-update",
            "1",
            "-y",
            tileFile(tiles, tile).toString()));
    Ffmpeg.Outcome outcome = ffmpeg.run(args, null, null);
    return outcome.succeeded() && Files.isRegularFile(tileFile(tiles, tile));
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
