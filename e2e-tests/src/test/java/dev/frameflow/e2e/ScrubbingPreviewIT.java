package dev.frameflow.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.Browser;
import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.e2e.support.PageForms;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.frameserver.FrameServer;
import dev.frameflow.extractor.frameserver.FrameService;
import dev.frameflow.extractor.frameserver.FrameServiceSettings;
import dev.frameflow.extractor.frameserver.RenderOutcome;
import dev.frameflow.extractor.frameserver.SourceOrigin;
import dev.frameflow.standalone.StandaloneRuntime;
import dev.frameflow.testing.TestVideos;
import io.opentelemetry.api.OpenTelemetry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

/**
 * Issue 31's scrubbing preview on the web page, in Debian's headless Chromium against the
 * standalone mode (frames rendered in process): hovering across a finished video's strip shows the
 * frame at each moment, from the image URL (one request in flight, the latest position wins) or,
 * for a video extracted with a storyboard, from its sprites without asking for frames; clicking
 * opens the frame full size in a dialog with its time and a signed URL that works without any
 * token; Escape closes it. A failed video says it has no preview.
 */
class ScrubbingPreviewIT {

  /**
   * The test video: 12 s of testsrc, 160x120 at 10 frames per second, a different picture each
   * frame.
   */
  static final int SECONDS = 12;

  static final double FRAME = 0.1;
  static final int WIDTH = 160;
  static final double[] POSITIONS = {0.1, 0.35, 0.6, 0.85};

  @TempDir static Path dataDir;
  @TempDir static Path media;
  @TempDir static Path downloads;
  @TempDir static Path frameWork;

  static FrameServer frameServer;

  static StandaloneRuntime runtime;
  static Browser browser;
  static final HttpClient anonymous = HttpClient.newHttpClient();

  /**
   * The gateway renders through the real frame-server (the extractor's {@code serve}, on loopback),
   * as on Kubernetes: it reads the source only through the presigned URL the gateway hands it, and
   * only from the standalone mode's object store (its origin).
   */
  @BeforeAll
  static void startTheStandaloneModeAFrameServerAndABrowser() throws Exception {
    Browser.assumeAvailable();
    int storePort = freePort();
    frameServer =
        FrameServer.start(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            new FrameService(
                FrameServiceSettings.defaults(SourceOrigin.parse("http://127.0.0.1:" + storePort))
                    .withWorkDir(frameWork),
                Ffmpeg.at(TestVideos.ffmpegBinary())),
            OpenTelemetry.noop().getTracer("frame-server"),
            RenderOutcome.Log.NONE);
    runtime =
        StandaloneRuntime.start(
            new StandaloneRuntime.Settings(
                dataDir,
                0,
                storePort,
                false,
                false,
                false,
                Map.of(
                    "frameflow.standalone.workers",
                    2,
                    "frameflow.frames.mode",
                    "remote",
                    "frameflow.frames.server-url",
                    "http://127.0.0.1:" + frameServer.port())));
    browser = new Browser(downloads);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (runtime != null) {
      runtime.close();
    }
    if (frameServer != null) {
      frameServer.close();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void withoutAStoryboardTheStripShowsTheFrameUrlsImagesOneRequestAtATime() throws Exception {
    ChromeDriver driver = browser.driver();
    String token = signUpInThePage(driver);
    String id =
        new FrameflowApi(runtime::httpPort)
            .uploadVideo(token, Media.video(media, SECONDS), Map.of("fps", "1"));
    WebElement strip = readyStrip(driver, id);
    assertThat(strip.getAttribute("data-source")).isEqualTo("frame");
    recordFrameRequests(driver);

    // hover at four places: each shows the frame of its moment, a different picture each time
    Set<String> pictures = new HashSet<>();
    for (double position : POSITIONS) {
      hover(driver, strip, position);
      Map<String, Object> shown = awaitPreviewAt(driver, id, currentPercent(strip));
      double percent = currentPercent(strip);
      assertThat(percent).isCloseTo(position * 100, within(1.0));
      assertThat(shown.get("source")).isEqualTo("img");
      String asked = percentText(percent) + "%";
      assertThat(shown.get("time")).isEqualTo(asked);
      double frameTime = Double.parseDouble((String) shown.get("frameTime"));
      assertThat(frameTime)
          .as("the frame shown at %s of %d s", asked, SECONDS)
          .isBetween(percent / 100 * SECONDS - FRAME - 1e-3, percent / 100 * SECONDS + 1e-3);
      assertThat((String) shown.get("caption")).isEqualTo(clock(frameTime));
      assertThat(frameRequests(driver))
          .as("the request for this position")
          .anySatisfy(
              url -> assertThat(url).contains("/frame.jpg?").contains("time=" + encoded(asked)));
      pictures.add((String) shown.get("pixels"));
    }
    assertThat(pictures).as("a different picture at each place").hasSize(POSITIONS.length);

    // a fast sweep across the strip: never more than one request in flight, the last place wins
    driver.executeScript("window.frameRequests.length = 0; window.frameRequestsMax = 0;");
    int moves = 40;
    // short pointer moves: many positions arrive while one frame is still on its way
    Actions sweep =
        new Actions(driver, Duration.ofMillis(5)).moveToElement(strip, -width(strip) / 2 + 5, 0);
    int step = (width(strip) - 10) / moves;
    for (int i = 0; i < moves; i++) {
      sweep.moveByOffset(step, 0);
    }
    sweep.perform();
    double last = currentPercent(strip);
    Map<String, Object> settled = awaitPreviewAt(driver, id, last);
    assertThat(settled.get("time")).isEqualTo(percentText(last) + "%");
    assertThat(((Number) driver.executeScript("return window.frameRequestsMax")).intValue())
        .as("requests in flight at once during the sweep")
        .isEqualTo(1);
    assertThat(frameRequests(driver).size()).isBetween(1, moves + 1);

    clickOpensTheFrameWithASignedUrlAndEscapeClosesIt(driver, strip, 0.6, null);
  }

  @Test
  void withAStoryboardTheStripShowsItsTilesWithoutAskingForFrames() throws Exception {
    ChromeDriver driver = browser.driver();
    String token = signUpInThePage(driver);
    String id =
        new FrameflowApi(runtime::httpPort)
            .uploadVideo(
                token,
                Media.video(media, SECONDS),
                Map.of("fps", "1", "storyboard", "true", "storyboardIntervalSeconds", "1"));
    WebElement strip = readyStrip(driver, id);
    assertThat(strip.getAttribute("data-source")).isEqualTo("storyboard");
    recordFrameRequests(driver);

    Set<String> tiles = new HashSet<>();
    List<double[]> cues = new ArrayList<>();
    for (double position : POSITIONS) {
      hover(driver, strip, position);
      double percent = currentPercent(strip);
      Map<String, Object> shown = awaitPreviewAt(driver, id, percent);
      assertThat(shown.get("source")).isEqualTo("canvas");
      double seconds = Double.parseDouble((String) shown.get("seconds"));
      assertThat(seconds).isCloseTo(percent / 100 * SECONDS, within(1e-3));
      double start = Double.parseDouble((String) shown.get("cueStart"));
      double end = Double.parseDouble((String) shown.get("cueEnd"));
      assertThat(seconds)
          .as("the tile of that moment")
          .isGreaterThanOrEqualTo(start)
          .isLessThan(end);
      assertThat(start).isEqualTo(Math.floor(seconds));
      assertThat((String) shown.get("caption")).isEqualTo(clock(seconds));
      tiles.add((String) shown.get("pixels"));
      cues.add(new double[] {start, end});
    }
    browser.screenshot("web-page-scrubbing");
    assertThat(tiles).as("a different tile at each place").hasSize(POSITIONS.length);
    List<String> requests = frameRequests(driver);
    assertThat(requests).as("hovering asks for no frame").noneMatch(u -> u.contains("/frame.jpg"));
    assertThat(requests)
        .as("the storyboard's index and its sprite, once each")
        .containsExactlyInAnyOrder(
            "/api/videos/" + id + "/storyboard/storyboard.vtt",
            "/api/videos/" + id + "/storyboard/sprite.jpg");

    // the keyboard too: the strip is a slider; Enter opens the frame where it stands
    clickOpensTheFrameWithASignedUrlAndEscapeClosesIt(driver, strip, 0.35, cues.get(1));
    strip.sendKeys(Keys.ARROW_RIGHT);
    double moved = currentPercent(strip);
    strip.sendKeys(Keys.ENTER);
    Map<String, Object> dialog = awaitDialogShown(driver);
    assertThat(dialog.get("time")).isEqualTo(percentText(moved) + "%");
    new Actions(driver).sendKeys(Keys.ESCAPE).perform();
    await().atMost(Duration.ofSeconds(5)).until(() -> !dialogOpen(driver));
  }

  @Test
  void aFailedVideoSaysItHasNoPreview() throws Exception {
    ChromeDriver driver = browser.driver();
    String token = signUpInThePage(driver);
    String id =
        new FrameflowApi(runtime::httpPort)
            .uploadVideo(token, Media.truncatedVideo(media), Map.of("fps", "1"));
    By failed = By.cssSelector("#video-" + id + "[data-status=FAILED]");
    await().atMost(Duration.ofMinutes(1)).until(() -> !driver.findElements(failed).isEmpty());
    WebElement row = driver.findElement(failed);
    assertThat(row.findElement(By.cssSelector(".no-preview")).getText())
        .isEqualTo("No preview: the video failed.");
    assertThat(row.findElements(By.cssSelector(".scrubber"))).isEmpty();
  }

  private void clickOpensTheFrameWithASignedUrlAndEscapeClosesIt(
      ChromeDriver driver, WebElement strip, double position, double[] cue) throws Exception {
    hover(driver, strip, position);
    double percent = currentPercent(strip);
    new Actions(driver).click().perform();
    Map<String, Object> dialog = awaitDialogShown(driver);
    String asked = percentText(percent) + "%";
    assertThat(dialog.get("time")).isEqualTo(asked);
    double frameTime = Double.parseDouble((String) dialog.get("frameTime"));
    assertThat(frameTime)
        .isBetween(percent / 100 * SECONDS - FRAME - 1e-3, percent / 100 * SECONDS + 1e-3);
    if (cue != null) {
      assertThat(frameTime).as("the full frame is of the tile's moment").isBetween(cue[0], cue[1]);
    }
    assertThat((String) dialog.get("text")).contains(clock(frameTime));
    assertThat(((Number) dialog.get("naturalWidth")).intValue()).as("full size").isEqualTo(WIDTH);
    browser.screenshot("web-page-frame-dialog");

    // the signed URL: fetched with no token at all, it is the same frame
    String link = (String) dialog.get("link");
    assertThat(link).contains("/frame.jpg?").contains("signature=").contains("expires=");
    assertThat(link).doesNotContain("token").doesNotContain("Bearer");
    // (its host is the public base URL's; this runtime listens on a port of its own)
    URI signed = URI.create(link);
    HttpResponse<byte[]> image =
        anonymous.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://localhost:"
                            + runtime.httpPort()
                            + signed.getRawPath()
                            + "?"
                            + signed.getRawQuery()))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.headers().firstValue("Content-Type")).hasValue("image/jpeg");
    assertThat(Double.parseDouble(image.headers().firstValue("X-Frame-Time").orElseThrow()))
        .isCloseTo(frameTime, within(1e-6));
    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.body()));
    assertThat(decoded.getWidth()).isEqualTo(WIDTH);

    // Copy puts it on the clipboard (or says how to)
    driver.findElement(By.id("frame-dialog-copy")).click();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> !driver.findElement(By.id("frame-dialog-copied")).getText().isEmpty());

    // Escape closes the dialog; focus goes back to the strip
    new Actions(driver).sendKeys(Keys.ESCAPE).perform();
    await().atMost(Duration.ofSeconds(5)).until(() -> !dialogOpen(driver));
    assertThat(driver.executeScript("return document.activeElement === arguments[0]", strip))
        .isEqualTo(true);
  }

  // --- the page ---

  private static String signUpInThePage(ChromeDriver driver) throws Exception {
    String email =
        PageForms.registerInThePage(driver, "http://localhost:" + runtime.httpPort() + "/");
    return new FrameflowApi(runtime::httpPort).login(email);
  }

  /** The strip of a video once it is ready and its six thumbnails are in (its final size). */
  private static WebElement readyStrip(ChromeDriver driver, String id) {
    By strip = By.cssSelector("#video-" + id + "[data-status=SUCCEEDED] .scrubber");
    await().atMost(Duration.ofMinutes(2)).until(() -> !driver.findElements(strip).isEmpty());
    By thumbnails = By.cssSelector("#video-" + id + " .thumbnails img");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                driver.findElements(thumbnails).size() == 6
                    && (Boolean)
                        driver.executeScript(
                            "return [...document.querySelectorAll(arguments[0])]"
                                + ".every(i => i.complete && i.naturalWidth > 0)",
                            "#video-" + id + " .thumbnails img"));
    WebElement element = driver.findElement(strip);
    driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
    return element;
  }

  /**
   * Counts, in the page, each request for a frame or a storyboard file and the most in flight at
   * once (the page's fetch goes through this wrapper).
   */
  private static void recordFrameRequests(ChromeDriver driver) {
    driver.executeScript(
        """
        if (!window.frameRequests) {
          window.frameRequests = [];
          window.frameRequestsMax = 0;
          let inFlight = 0;
          const original = window.fetch;
          window.fetch = async (url, options) => {
            const path = String(url);
            const counted = path.includes('/frame.jpg') || path.includes('/storyboard/');
            if (!counted) {
              return original(url, options);
            }
            window.frameRequests.push(path);
            inFlight++;
            window.frameRequestsMax = Math.max(window.frameRequestsMax, inFlight);
            try {
              const response = await original(url, options);
              await response.clone().arrayBuffer();
              return response;
            } finally {
              inFlight--;
            }
          };
        }
        window.frameRequests.length = 0;
        window.frameRequestsMax = 0;
        """);
  }

  @SuppressWarnings("unchecked")
  private static List<String> frameRequests(ChromeDriver driver) {
    return (List<String>) driver.executeScript("return [...window.frameRequests]");
  }

  private static void hover(ChromeDriver driver, WebElement strip, double fraction) {
    int offset = (int) Math.round((fraction - 0.5) * width(strip));
    new Actions(driver).moveToElement(strip, offset, 0).perform();
  }

  private static int width(WebElement strip) {
    return strip.getRect().getWidth();
  }

  private static double currentPercent(WebElement strip) {
    return Double.parseDouble(strip.getAttribute("aria-valuenow"));
  }

  /** What the preview shows, once it shows the frame or tile of {@code percent}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> awaitPreviewAt(
      ChromeDriver driver, String id, double percent) {
    String wanted = percentText(percent) + "%";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> wanted.equals(preview(driver, id).get("time")));
    return preview(driver, id);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> preview(ChromeDriver driver, String id) {
    return (Map<String, Object>)
        driver.executeScript(
            """
            const preview = document.querySelector(arguments[0]);
            if (!preview || preview.hidden || preview.dataset.loading) {
              return {};
            }
            const img = preview.querySelector('img');
            const canvas = preview.querySelector('canvas');
            let pixels = '';
            let source = '';
            if (!img.hidden && img.complete && img.naturalWidth > 0) {
              const copy = document.createElement('canvas');
              copy.width = img.naturalWidth;
              copy.height = img.naturalHeight;
              copy.getContext('2d').drawImage(img, 0, 0);
              pixels = copy.toDataURL('image/png');
              source = 'img';
            } else if (!canvas.hidden && canvas.width > 0) {
              pixels = canvas.toDataURL('image/png');
              source = 'canvas';
            }
            return {
              time: preview.dataset.time || '',
              frameTime: preview.dataset.frameTime || '',
              seconds: preview.dataset.seconds || '',
              cueStart: preview.dataset.cueStart || '',
              cueEnd: preview.dataset.cueEnd || '',
              caption: preview.querySelector('figcaption').textContent,
              source,
              pixels,
            };
            """,
            "#video-" + id + " .scrub-preview");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> awaitDialogShown(ChromeDriver driver) {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                dialogOpen(driver)
                    && "shown".equals(dialog(driver).get("state"))
                    && !((String) dialog(driver).get("link")).isEmpty());
    return dialog(driver);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> dialog(ChromeDriver driver) {
    return (Map<String, Object>)
        driver.executeScript(
            """
            const dialog = document.getElementById('frame-dialog');
            const img = document.getElementById('frame-dialog-image');
            return {
              state: dialog.dataset.state || '',
              time: dialog.dataset.time || '',
              frameTime: dialog.dataset.frameTime || '',
              text: document.getElementById('frame-dialog-time').textContent,
              link: document.getElementById('frame-dialog-link').value,
              naturalWidth: img.naturalWidth,
            };
            """);
  }

  private static boolean dialogOpen(ChromeDriver driver) {
    return Boolean.TRUE.equals(
        driver.executeScript("return document.getElementById('frame-dialog').open"));
  }

  /** As the page writes a percentage: 35 → "35", 37.5 → "37.5". */
  private static String percentText(double percent) {
    return percent == Math.rint(percent) ? String.valueOf((long) percent) : String.valueOf(percent);
  }

  private static String encoded(String time) {
    return time.replace("%", "%25");
  }

  /** As the page writes a time: 83.4 → "1:23.400". */
  private static String clock(double seconds) {
    long minutes = (long) Math.floor(seconds / 60);
    return String.format(java.util.Locale.ROOT, "%d:%06.3f", minutes, seconds - minutes * 60);
  }
}
