package dev.frameflow.gateway.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * Small real videos made with the ffmpeg JAVE2 bundles (one second of a test pattern), cached per
 * JVM by container extension: mp4, mov, mkv, webm, avi, ts.
 */
public final class TestVideos {

  private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

  private TestVideos() {}

  public static byte[] oneSecond(String extension) {
    return CACHE.computeIfAbsent(extension, TestVideos::make);
  }

  private static byte[] make(String extension) {
    try {
      Path dir = Files.createTempDirectory("gateway-test-video");
      Path out = dir.resolve("clip." + extension);
      List<String> command = new ArrayList<>();
      command.add(new DefaultFFMPEGLocator().getExecutablePath());
      command.addAll(
          List.of(
              "-hide_banner",
              "-loglevel",
              "error",
              "-f",
              "lavfi",
              "-i",
              "testsrc=duration=1:size=160x120:rate=10"));
      command.addAll(
          switch (extension) {
            case "webm" -> List.of("-c:v", "libvpx", "-b:v", "200k");
            case "avi" -> List.of("-c:v", "mpeg4");
            default -> List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p");
          });
      command.add(out.toString());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String log = new String(process.getInputStream().readAllBytes());
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("ffmpeg failed for " + extension + ": " + log);
      }
      byte[] bytes = Files.readAllBytes(out);
      Files.delete(out);
      Files.delete(dir);
      return bytes;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
