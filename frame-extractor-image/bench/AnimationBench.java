import dev.frameflow.extractor.animation.AnimatedPreview;
import dev.frameflow.extractor.animation.Clip;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.ffmpeg.MediaSource;
import dev.frameflow.extractor.probe.VideoInfo;
import dev.frameflow.extractor.probe.VideoProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * animation.sh's measurement, run as a source file (java -cp CLASSPATH AnimationBench.java FFMPEG
 * VIDEO WORKDIR SECONDS FPS WIDTH START...): for each start, an animated WebP of SECONDS at FPS and
 * WIDTH by AnimatedPreview (the video probed once before, as the frame-server's cache keeps it),
 * then the plain ffmpeg command of the same stretch, in turn so that both see the same load. Prints
 * each pair, the medians and their ratio.
 */
public final class AnimationBench {
  public static void main(String[] args) throws Exception {
    Ffmpeg ffmpeg = Ffmpeg.at(Path.of(args[0]));
    Path video = Path.of(args[1]);
    Path work = Files.createDirectories(Path.of(args[2]));
    double seconds = Double.parseDouble(args[3]);
    int fps = Integer.parseInt(args[4]);
    int width = Integer.parseInt(args[5]);
    VideoInfo info = new VideoProbe(ffmpeg).probe(video);
    MediaSource source = MediaSource.file(video).withDemuxer(info.demuxer());
    AnimatedPreview preview = new AnimatedPreview(ffmpeg);
    List<Double> ours = new ArrayList<>();
    List<Double> plain = new ArrayList<>();
    for (String text : Arrays.copyOfRange(args, 6, args.length)) {
      double start = Double.parseDouble(text);
      long t0 = System.nanoTime();
      byte[] webp = preview.webp(source, info, new Clip(start, start + seconds, fps, width), work);
      double a = (System.nanoTime() - t0) / 1e9;
      Path out = work.resolve("plain.webp");
      long t1 = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  args[0], "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
                  "-ss", text, "-t", Double.toString(seconds), "-i", video.toString(),
                  "-vf", "fps=" + fps + ",scale=" + width + ":-2", out.toString())
              .inheritIO()
              .start();
      if (p.waitFor() != 0) {
        throw new IllegalStateException("plain ffmpeg failed");
      }
      double b = (System.nanoTime() - t1) / 1e9;
      ours.add(a);
      plain.add(b);
      System.out.printf(
          Locale.ROOT,
          "[animation] start %8.3f s: AnimatedPreview %.3f s (%d bytes), plain ffmpeg %.3f s (%d bytes)%n",
          start, a, webp.length, b, Files.size(out));
    }
    double m = median(ours);
    double n = median(plain);
    System.out.printf(
        Locale.ROOT,
        "[animation] median of %d: AnimatedPreview %.3f s (target <= 1.5 s), plain ffmpeg %.3f s, ratio %.3f%n",
        ours.size(), m, n, m / n);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int k = sorted.size();
    return k % 2 == 1 ? sorted.get(k / 2) : (sorted.get(k / 2 - 1) + sorted.get(k / 2)) / 2;
  }
}
