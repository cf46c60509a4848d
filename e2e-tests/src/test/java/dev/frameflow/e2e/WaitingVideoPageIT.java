package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.PageForms.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.Browser;
import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.e2e.support.PageForms;
import dev.frameflow.standalone.StandaloneRuntime;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * Issue 28's queue on the web page, in a real browser: a video waiting for a worker shows "waiting
 * — 4th in line, about 1 min" (its place in the whole queue and an estimated start, labelled as
 * one), the text follows the standing over the live stream as the videos ahead finish, and then the
 * row turns into extracting and ready. One worker, and a queue heartbeat of a second, so that the
 * standing changes within a few seconds.
 */
class WaitingVideoPageIT {

  static final int AHEAD = 4;
  static final Pattern WAITING =
      Pattern.compile("waiting — (\\d+)(st|nd|rd|th) in line, about (\\d+) min");

  @TempDir Path dataDir;
  @TempDir Path media;

  @Test
  void aWaitingVideoShowsItsPlaceAndEstimateLiveThenExtractsAndIsReady() throws Exception {
    Browser.assumeAvailable();
    try (StandaloneRuntime runtime =
            StandaloneRuntime.start(
                StandaloneRuntime.Settings.embedded(
                    dataDir,
                    Map.of(
                        "frameflow.standalone.workers",
                        1,
                        "frameflow.standalone.queue-heartbeat",
                        "1s")));
        Browser browser = new Browser(media)) {
      watchAWaitingVideo(runtime, browser);
    }
  }

  private void watchAWaitingVideo(StandaloneRuntime runtime, Browser browser) throws Exception {
    ChromeDriver driver = browser.driver();
    driver.get("http://localhost:" + runtime.httpPort() + "/");
    String email = "ada-" + UUID.randomUUID() + "@example.org";
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "signed-out".equals(PageForms.session(driver)));
    type(driver, "register-name", "Ada");
    type(driver, "register-email", email);
    type(driver, "register-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#register-form button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "signed-in".equals(PageForms.session(driver)));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> driver.findElement(By.id("live-state")).getText().equals("Live updates on."));

    // the same account through the API (as curl would): a first video gives the estimate a run
    // time to go by
    FrameflowApi api = new FrameflowApi(runtime::httpPort);
    String token = api.login(email);
    String first = api.uploadVideo(token, Media.video(media, 1), Map.of("fps", "1"));
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                !driver
                    .findElements(By.cssSelector("#video-" + first + "[data-status=SUCCEEDED]"))
                    .isEmpty());
    recordEveryRowChange(driver);

    // one running and three waiting ahead of it; each takes seconds
    Path slow = Media.video(media, 20);
    for (int i = 0; i < AHEAD; i++) {
      api.uploadVideo(token, slow, Map.of("fps", "10"));
    }
    // long enough to be seen extracting (the stream sends what the database holds when it looks)
    String watched = api.uploadVideo(token, Media.video(media, 12), Map.of("fps", "2"));
    // read in one script: the page re-renders the row while we look
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                WAITING
                    .matcher(
                        String.valueOf(
                            driver.executeScript(
                                "const t = document.querySelector(arguments[0]);"
                                    + "return t ? t.textContent : '';",
                                "#video-" + watched + " .percent")))
                    .matches());
    browser.screenshot("web-page-waiting");
    By ready = By.cssSelector("#video-" + watched + "[data-status=SUCCEEDED]");
    await().atMost(Duration.ofMinutes(3)).until(() -> !driver.findElements(ready).isEmpty());

    List<Map<String, Object>> shown = rowChanges(driver, watched);
    List<Integer> positions = new ArrayList<>();
    for (Map<String, Object> row : shown) {
      Matcher waiting = WAITING.matcher(String.valueOf(row.get("text")));
      if ("QUEUED".equals(row.get("status")) && waiting.matches()) {
        positions.add(Integer.parseInt(waiting.group(1)));
        assertThat(String.valueOf(row.get("title")))
            .as("the start time is labelled as an estimate")
            .contains("estimate");
      }
    }
    assertThat(positions)
        .as("the waiting texts shown, in order: %s", shown)
        .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
    assertThat(positions.stream().distinct().count())
        .as("the place shown moved up while it waited: %s", shown)
        .isGreaterThanOrEqualTo(2);
    assertThat(positions.get(0)).as("%s", shown).isGreaterThan(1);
    List<String> statuses = shown.stream().map(r -> String.valueOf(r.get("status"))).toList();
    assertThat(statuses.get(statuses.size() - 1)).isEqualTo("SUCCEEDED");
    assertThat(statuses.subList(statuses.lastIndexOf("QUEUED"), statuses.size()))
        .as("after waiting: extracting, then ready (%s)", shown)
        .containsSubsequence("QUEUED", "PROCESSING", "SUCCEEDED");
    assertThat(shown)
        .as("every change came over the live stream, not by polling")
        .allSatisfy(row -> assertThat(row.get("live")).isEqualTo("live"));
    browser.fullPageScreenshot("web-page-waiting-done");
  }

  /**
   * Keeps, in the page, every status and text each video row shows, as the page renders it (a poll
   * from here could miss a standing shown for less than its interval).
   */
  private static void recordEveryRowChange(ChromeDriver driver) {
    driver.executeScript(
        """
        window.rowChanges = [];
        const last = new Map();
        const record = () => {
          for (const row of document.querySelectorAll('#videos li.video')) {
            const text = row.querySelector('.percent');
            const entry = {
              id: row.dataset.videoId,
              status: row.dataset.status,
              text: text ? text.textContent : '',
              title: text ? text.title : '',
              live: document.getElementById('live-state').dataset.mode || '',
            };
            const key = entry.status + '|' + entry.text;
            if (last.get(entry.id) !== key) {
              last.set(entry.id, key);
              window.rowChanges.push(entry);
            }
          }
        };
        new MutationObserver(record).observe(document.getElementById('videos'),
            { subtree: true, childList: true, characterData: true, attributes: true });
        record();
        """);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rowChanges(ChromeDriver driver, String videoId) {
    return (List<Map<String, Object>>)
        driver.executeScript(
            "return window.rowChanges.filter(r => r.id === arguments[0])", videoId);
  }
}
