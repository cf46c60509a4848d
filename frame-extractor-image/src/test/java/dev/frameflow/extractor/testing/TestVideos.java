package dev.frameflow.extractor.testing;

import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Small videos generated with the ffmpeg on the PATH (Debian's, installed by scripts/test), else
 * the bundled one, into {@code target/test-videos} (once; later calls reuse the file). Every frame
 * carries its own number: the luma of the left half is {@code 24 + 12 * (n % 16)}, of the right
 * half {@code 24 + 12 * (n / 16)} (see {@link FrameNumbers}).
 */
public final class TestVideos {

  public static final Path DIR = Path.of("target", "test-videos");

  /** Frame n's number painted as two flat grey halves. */
  static final String NUMBERED =
      "geq=lum='24+12*if(lt(X,W/2),mod(N,16),floor(N/16))':cb=128:cr=128";

  private static final Ffmpeg FFMPEG = Ffmpeg.preferInstalled();

  private TestVideos() {}

  public static Ffmpeg ffmpeg() {
    return FFMPEG;
  }

  /** H.264 in MP4, 320x240, 30 fps, 4 s (120 frames), a keyframe every second. */
  public static Path h264Mp4() {
    return generate(
        "h264.mp4",
        List.of("-f", "lavfi", "-i", numbered(320, 240, 30)),
        List.of("-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-g", "30"));
  }

  /**
   * The frames of {@link #h264Mp4()} in MPEG-TS (the bundled static ffmpeg 4.4.1 crashes on it on
   * the build machines; Debian's reads it).
   */
  public static Path h264Ts() {
    return generate(
        "h264.ts",
        List.of("-f", "lavfi", "-i", numbered(320, 240, 30)),
        List.of(
            "-t",
            "4",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "12",
            "-g",
            "30",
            "-f",
            "mpegts"));
  }

  /** The same frames as {@link #h264Mp4()} with the index (moov atom) at the front. */
  public static Path h264FastStartMp4() {
    return generate(
        "h264-faststart.mp4",
        List.of("-f", "lavfi", "-i", numbered(320, 240, 30)),
        List.of(
            "-t",
            "4",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "12",
            "-g",
            "30",
            "-movflags",
            "+faststart"));
  }

  /** VP9 in WebM, 320x240, 25 fps, 2 s. */
  public static Path vp9Webm() {
    return generate(
        "vp9.webm",
        List.of("-f", "lavfi", "-i", numbered(320, 240, 25)),
        List.of(
            "-t",
            "2",
            "-c:v",
            "libvpx-vp9",
            "-deadline",
            "realtime",
            "-cpu-used",
            "8",
            "-b:v",
            "400k",
            "-g",
            "25"));
  }

  /** HEVC in Matroska, 320x240, 24 fps, 2 s. */
  public static Path hevcMkv() {
    return generate(
        "hevc.mkv",
        List.of("-f", "lavfi", "-i", numbered(320, 240, 24)),
        List.of(
            "-t",
            "2",
            "-c:v",
            "libx265",
            "-preset",
            "ultrafast",
            "-x265-params",
            "log-level=error",
            "-crf",
            "20",
            "-g",
            "24"));
  }

  /**
   * A phone-style QuickTime file with audio: coded 320x240, shown turned 90° clockwise (portrait
   * 240x320). The rotation is set on a stream copy (ffmpeg 4.4 drops it when encoding); its mov
   * muxer writes the display matrix of a {@code rotate} tag the other way round, so 270 is what
   * reads back as 90° clockwise, as ffmpeg, players and our probe see it.
   */
  public static Path rotatedMov() {
    Path upright =
        generate(
            "rotated-source.mp4",
            List.of(
                "-f",
                "lavfi",
                "-i",
                numbered(320, 240, 30),
                "-f",
                "lavfi",
                "-i",
                "sine=f=440:r=44100"),
            List.of(
                "-t",
                "2",
                "-map",
                "0:v",
                "-map",
                "1:a",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                "-crf",
                "12",
                "-c:a",
                "aac"));
    return generate(
        "rotated.mov",
        List.of("-i", upright.toString()),
        List.of("-map", "0", "-c", "copy", "-metadata:s:v:0", "rotate=270"));
  }

  /**
   * Variable frame rate: frames 0–29 at 30 fps (0 to 0.967 s), then frames 30–49 at 10 fps (1.0 to
   * 2.9 s), in Matroska.
   */
  public static Path variableFrameRateMkv() {
    return generate(
        "vfr.mkv",
        List.of(
            "-f",
            "lavfi",
            "-i",
            numbered(320, 240, 30) + ",setpts='if(lt(N,30),N/30,1+(N-30)/10)/TB'"),
        List.of(
            "-frames:v",
            "50",
            "-vsync",
            "vfr",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-crf",
            "12",
            "-g",
            "30"));
  }

  /** Timestamp of frame {@code n} of {@link #variableFrameRateMkv()}. */
  public static double variableFrameRateTimestamp(int n) {
    return n < 30 ? n / 30.0 : 1 + (n - 30) / 10.0;
  }

  /** AAC audio in an MP4 container, no video stream. */
  public static Path audioOnlyMp4() {
    return generate(
        "audio-only.mp4",
        List.of("-f", "lavfi", "-i", "sine=f=440:r=44100"),
        List.of("-t", "2", "-c:a", "aac"));
  }

  /** A PNG picture named like a video. */
  public static Path pngNamedMp4() {
    Path png =
        generate(
            "picture.png",
            List.of("-f", "lavfi", "-i", "testsrc2=s=320x240"),
            List.of("-frames:v", "1"));
    return copy(png, "picture-named.mp4");
  }

  /** {@link #h264Mp4()} cut in half: the moov atom at its end is gone. */
  public static Path truncatedMp4() {
    return truncated(h264Mp4(), "truncated.mp4", 0.5);
  }

  /** {@link #h264FastStartMp4()} cut at 60 %: the index is there, the media data is not. */
  public static Path truncatedFastStartMp4() {
    return truncated(h264FastStartMp4(), "truncated-faststart.mp4", 0.6);
  }

  /** Zero bytes named like a video. */
  public static Path emptyMp4() {
    Path file = DIR.resolve("empty.mp4");
    try {
      Files.createDirectories(DIR);
      Files.write(file, new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /**
   * PNG frames of noise compress badly: {@code seconds} of 640x480 at 10 fps give about 0.9 MB per
   * frame, for ZIPs larger than one S3 part.
   */
  public static Path noisyMp4(int seconds) {
    return generate(
        "noisy-" + seconds + "s.mp4",
        List.of("-f", "lavfi", "-i", "testsrc2=s=640x480:r=10,noise=alls=60:allf=t"),
        List.of("-t", Integer.toString(seconds), "-c:v", "libx264", "-preset", "ultrafast"));
  }

  static String numbered(int width, int height, int fps) {
    return "color=c=black:s=" + width + "x" + height + ":r=" + fps + "," + NUMBERED;
  }

  private static synchronized Path generate(
      String name, List<String> inputs, List<String> outputOptions) {
    Path file = DIR.resolve(name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      Files.createDirectories(DIR);
      Path partial = Files.createTempFile(DIR, "gen-", "-" + name);
      List<String> args = new ArrayList<>(List.of("-y", "-loglevel", "error"));
      args.addAll(inputs);
      args.addAll(outputOptions);
      args.add(partial.toString());
      Ffmpeg.Outcome outcome = FFMPEG.run(args, null, null);
      if (!outcome.succeeded()) {
        throw new IllegalStateException("cannot generate " + name + ": " + outcome.stderrTail());
      }
      Files.move(
          partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Path truncated(Path whole, String name, double fraction) {
    try {
      byte[] bytes = Files.readAllBytes(whole);
      Path file = DIR.resolve(name);
      Files.write(file, java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copy(Path from, String name) {
    try {
      return Files.copy(from, DIR.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
