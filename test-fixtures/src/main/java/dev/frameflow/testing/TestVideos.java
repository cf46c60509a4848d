package dev.frameflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Small, seconds-long test videos generated with {@link TestFfmpeg} (never committed), each made
 * once: into {@link #DIR} ({@code target/test-videos} of the module under test), or into the
 * directory a test names. The videos of the numbered family carry their own frame number: the luma
 * of the left half of frame n is {@code 24 + 12 * (n % 16)}, of the right half {@code 24 + 12 * (n
 * / 16)}, so a test can tell which frame an extracted picture is.
 */
public final class TestVideos {

  public static final Path DIR = Path.of("target", "test-videos");

  /** Frame n's number painted as two flat grey halves. */
  public static final String NUMBERED =
      "geq=lum='24+12*if(lt(X,W/2),mod(N,16),floor(N/16))':cb=128:cr=128";

  private static final Map<String, byte[]> ONE_SECOND = new ConcurrentHashMap<>();

  private TestVideos() {}

  /** The ffmpeg the videos are made with. */
  public static Path ffmpegBinary() {
    return TestFfmpeg.binary();
  }

  // --- the numbered family (extractor tests) ---

  /** H.264 in MP4, 320x240 at 30 frames a second, 4 s (120 frames), a keyframe every second. */
  public static Path h264Mp4() {
    return numberedH264("h264.mp4");
  }

  /**
   * The numbered 4 s of {@link #h264Mp4()}, encoded the same way, with {@code extra} output options
   * (another container, another layout).
   */
  private static Path numberedH264(String name, String... extra) {
    List<String> options =
        new java.util.ArrayList<>(
            List.of(
                "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-crf", "12", "-g", "30"));
    options.addAll(List.of(extra));
    return generate(name, List.of("-f", "lavfi", "-i", numbered(320, 240, 30)), options);
  }

  /**
   * The numbered 4 s with B-frames (3 in a row, the middle one a reference, as x264 encodes by
   * default), a keyframe every second: each keyframe is decoded two frames before it is shown, so
   * its decoding time lies in the GOP before.
   */
  public static Path h264BframesMp4() {
    return generate(
        "h264-bframes.mp4",
        List.of("-f", "lavfi", "-i", numbered(320, 240, 30)),
        List.of(
            "-t",
            "4",
            "-c:v",
            "libx264",
            "-preset",
            "veryfast",
            "-crf",
            "12",
            "-bf",
            "3",
            "-g",
            "30",
            "-keyint_min",
            "30",
            "-sc_threshold",
            "0"));
  }

  /**
   * The frames of {@link #h264Mp4()} in MPEG-TS (the bundled static ffmpeg 4.4.1 crashes on it on
   * the build machines; Debian's reads it).
   */
  public static Path h264Ts() {
    return numberedH264("h264.ts", "-f", "mpegts");
  }

  /** The same frames as {@link #h264Mp4()} with the index (moov atom) at the front. */
  public static Path h264FastStartMp4() {
    return numberedH264("h264-faststart.mp4", "-movflags", "+faststart");
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
    return copy(png, DIR.resolve("picture-named.mp4"));
  }

  /** {@link #h264Mp4()} cut in half: the moov atom at its end is gone. */
  public static Path truncatedMp4() {
    return truncated(h264Mp4(), DIR.resolve("truncated.mp4"), 0.5);
  }

  /** {@link #h264FastStartMp4()} cut at 60 %: the index is there, the media data is not. */
  public static Path truncatedFastStartMp4() {
    return truncated(h264FastStartMp4(), DIR.resolve("truncated-faststart.mp4"), 0.6);
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

  /** The lavfi source of the numbered family at this size and rate. */
  public static String numbered(int width, int height, int fps) {
    return "color=c=black:s=" + width + "x" + height + ":r=" + fps + "," + NUMBERED;
  }

  // --- a test pattern at 10 fps (operator and end-to-end tests) ---

  /** A {@code seconds}-long 160x120 H.264 MP4 at 10 frames per second, a keyframe every second. */
  public static Path mp4(Path directory, int seconds) {
    return generate(directory, "test-" + seconds + "s.mp4", testPattern(seconds), h264Gop10());
  }

  /**
   * The same in MPEG-TS, made with the ffmpeg on the PATH (Debian's, as in the image; JAVE's static
   * binary crashes on MPEG-TS on the build machines).
   */
  public static Path ts(Path directory, int seconds) {
    return generate(directory, "test-" + seconds + "s.ts", testPattern(seconds), h264Gop10());
  }

  /** Bytes that no demuxer accepts as a video. */
  public static byte[] notAVideo() {
    return "this is a shopping list, not a video\n".repeat(50).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One second of the 160x120 test pattern in the container of this file extension (mp4, mov, mkv,
   * webm, avi, ts), as bytes, made once per JVM (api-gateway tests upload them).
   */
  public static byte[] oneSecond(String extension) {
    return ONE_SECOND.computeIfAbsent(extension, TestVideos::makeOneSecond);
  }

  private static byte[] makeOneSecond(String extension) {
    List<String> codec =
        switch (extension) {
          case "webm" -> List.of("-c:v", "libvpx", "-b:v", "200k");
          case "avi" -> List.of("-c:v", "mpeg4");
          default -> List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
        };
    try {
      return Files.readAllBytes(
          generate(
              DIR, "one-second." + extension, List.of("-f", "lavfi", "-i", pattern(1)), codec));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> testPattern(int seconds) {
    return List.of("-f", "lavfi", "-i", pattern(seconds));
  }

  private static String pattern(int seconds) {
    return "testsrc=duration=" + seconds + ":size=160x120:rate=10";
  }

  private static List<String> h264Gop10() {
    return List.of("-c:v", "libx264", "-pix_fmt", "yuv420p", "-g", "10");
  }

  // --- making them ---

  private static Path generate(String name, List<String> inputs, List<String> outputOptions) {
    return generate(DIR, name, inputs, outputOptions);
  }

  /**
   * Runs ffmpeg into a temporary file next to the target and moves it into place, so a crashed or
   * concurrent run never leaves a half-written video that a later call would reuse.
   */
  private static synchronized Path generate(
      Path directory, String name, List<String> inputs, List<String> outputOptions) {
    Path file = directory.resolve(name);
    if (Files.isRegularFile(file)) {
      return file;
    }
    try {
      Files.createDirectories(directory);
      Path partial = Files.createTempFile(directory, "gen-", "-" + name);
      List<String> command =
          new ArrayList<>(
              List.of(ffmpegBinary().toString(), "-hide_banner", "-nostdin", "-y", "-loglevel"));
      command.add("error");
      command.addAll(inputs);
      command.addAll(outputOptions);
      command.add(partial.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("ffmpeg did not finish making " + name);
      }
      if (process.exitValue() != 0) {
        Files.deleteIfExists(partial);
        throw new IllegalStateException("cannot generate " + name + ": " + log);
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

  private static Path truncated(Path whole, Path file, double fraction) {
    try {
      byte[] bytes = Files.readAllBytes(whole);
      Files.write(file, Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path copy(Path from, Path to) {
    try {
      return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
