package dev.frameflow.e2e;

import static dev.frameflow.e2e.support.FrameflowApi.decodableFrames;
import static dev.frameflow.e2e.support.PageForms.awaitSession;
import static dev.frameflow.e2e.support.PageForms.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.e2e.support.Browser;
import dev.frameflow.e2e.support.FrameflowApi;
import dev.frameflow.e2e.support.Mail;
import dev.frameflow.e2e.support.Media;
import dev.frameflow.standalone.StandaloneRuntime;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The web page in a real browser (Debian's headless Chromium) against the standalone mode over
 * HTTP: what a person does, click by click. Screenshots land in target/screenshots/.
 */
class WebPageIT {

  @TempDir static Path dataDir;
  @TempDir static Path media;
  @TempDir static Path downloads;

  static StandaloneRuntime runtime;
  static Browser browser;

  @BeforeAll
  static void startTheStandaloneModeAndABrowser() {
    Browser.assumeAvailable();
    runtime =
        StandaloneRuntime.start(
            StandaloneRuntime.Settings.embedded(
                dataDir, Map.of("frameflow.standalone.workers", 2)));
    browser = new Browser(downloads);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (runtime != null) {
      runtime.close();
    }
  }

  /**
   * localhost, not 127.0.0.1: browsers treat http://localhost as secure, so Secure cookies work.
   */
  static String page() {
    return "http://localhost:" + runtime.httpPort() + "/";
  }

  @Test
  void registerSignInUploadWatchItFinishSeeTheFramesAndDownloadTheZip() throws Exception {
    ChromeDriver driver = browser.driver();
    String email = "ada-" + UUID.randomUUID() + "@example.org";
    signedOutPage(driver);
    assertThat(driver.findElement(By.id("sign-in-form")).isDisplayed()).isTrue();
    assertThat(driver.findElement(By.id("upload-form")).isDisplayed()).isFalse();
    assertThat(unlabelledControls(driver)).isEmpty();

    // register: the page signs the new account in
    type(driver, "register-name", "Ada Lovelace");
    type(driver, "register-email", email);
    type(driver, "register-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#register-form button[type=submit]")).click();
    awaitSession(driver, "signed-in");
    assertThat(driver.findElement(By.id("account-name")).getText()).isEqualTo("Ada Lovelace");
    assertThat(driver.findElement(By.id("sign-in-form")).isDisplayed()).isFalse();
    assertThat(driver.findElement(By.id("upload-form")).isDisplayed()).isTrue();
    // no token in web storage: the refresh token is an HttpOnly cookie, the access token in memory
    assertThat(
            driver.executeScript(
                "return localStorage.length + sessionStorage.length + document.cookie.length"))
        .isEqualTo(0L);

    // sign out, then sign in with the form
    driver.findElement(By.id("sign-out")).click();
    awaitSession(driver, "signed-out");
    type(driver, "sign-in-email", email);
    type(driver, "sign-in-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    awaitSession(driver, "signed-in");
    // a reload keeps the session (the cookie's refresh token gets a new access token)
    driver.navigate().refresh();
    awaitSession(driver, "signed-in");

    // upload a generated 12-second video at 2 frames per second
    Path video = Media.video(media, 12);
    driver.findElement(By.id("files")).sendKeys(video.toAbsolutePath().toString());
    assertThat(driver.findElement(By.id("chosen")).getText())
        .contains(video.getFileName().toString());
    WebElement rate = driver.findElement(By.id("rate"));
    rate.clear();
    rate.sendKeys("2");
    driver.findElement(By.id("upload-button")).click();

    // watch it: the list shows each state it passes through, live
    By item = By.cssSelector("#videos li.video");
    await().atMost(Duration.ofSeconds(30)).until(() -> !driver.findElements(item).isEmpty());
    String videoId = driver.findElement(item).getAttribute("data-video-id");
    By row = By.id("video-" + videoId);
    Set<String> seen = new LinkedHashSet<>();
    List<String> progressTexts = new ArrayList<>();
    boolean screenshotWhileWorking = false;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String status = "";
    while (!"SUCCEEDED".equals(status) && System.nanoTime() < deadline) {
      // read the row in one script: the page re-renders it while we look
      @SuppressWarnings("unchecked")
      List<String> state =
          (List<String>)
              driver.executeScript(
                  "const row = document.getElementById(arguments[0]);"
                      + "const percent = row && row.querySelector('.percent');"
                      + "return [row ? row.dataset.status : '', percent ? percent.textContent : ''];",
                  "video-" + videoId);
      status = state.get(0);
      seen.add(status);
      if (!state.get(1).isEmpty()) {
        progressTexts.add(state.get(1));
        if (!screenshotWhileWorking) {
          browser.screenshot("web-page-working");
          screenshotWhileWorking = true;
        }
      }
      assertThat(status).isNotEqualTo("FAILED");
      Thread.sleep(100);
    }
    assertThat(status).isEqualTo("SUCCEEDED");
    assertThat(seen.iterator().next()).isIn("QUEUED", "PROCESSING");
    assertThat(progressTexts).isNotEmpty();
    assertThat(driver.findElement(By.id("live-state")).getText()).isEqualTo("Live updates on.");
    assertThat(driver.findElement(row).getText()).contains("Ready").contains("24 frames");

    // the strip of thumbnails: six frames of the ZIP, all decoded by the browser
    By thumbnails = By.cssSelector("#video-" + videoId + " .thumbnails img");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                driver.findElements(thumbnails).size() == 6
                    && driver.findElements(thumbnails).stream()
                        .allMatch(
                            img ->
                                ((Number)
                                            driver.executeScript(
                                                "return arguments[0].naturalWidth", img))
                                        .intValue()
                                    > 0));
    assertThat(driver.findElements(thumbnails))
        .allSatisfy(img -> assertThat(img.getAttribute("alt")).startsWith("Frame at "));
    browser.fullPageScreenshot("web-page");

    // download: the browser saves the ZIP, and it holds the 24 frames
    driver.findElement(By.cssSelector("#video-" + videoId + " button.download")).click();
    await().atMost(Duration.ofSeconds(30)).until(() -> zipIn(browser.downloads()) != null);
    Path zip = zipIn(browser.downloads());
    assertThat(zip.getFileName().toString()).endsWith("-frames.zip");
    assertThat(decodableFrames(Files.readAllBytes(zip))).hasSize(24);

    // the emailed link downloads the same ZIP with no credentials at all
    String link = signedLinkFromMailTo(email);
    HttpClient anonymous =
        HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
    HttpResponse<byte[]> emailed =
        anonymous.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + runtime.httpPort() + link))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(emailed.statusCode()).isEqualTo(200);
    assertThat(decodableFrames(emailed.body())).hasSize(24);

    // at phone width everything is still there, one column
    browser.resize(390, 1100);
    assertThat(driver.findElement(By.id("upload-button")).isDisplayed()).isTrue();
    assertThat(
            driver
                .findElement(By.cssSelector("#video-" + videoId + " button.download"))
                .isDisplayed())
        .isTrue();
    assertThat(
            (Boolean)
                driver.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth"))
        .as("no sideways scrolling at phone width")
        .isTrue();
    browser.screenshot("web-page-phone");
    browser.resize(1280, 1100);

    // delete: the video leaves the list, and the emailed link stops working
    driver.findElement(By.cssSelector("#video-" + videoId + " button.remove")).click();
    await().atMost(Duration.ofSeconds(10)).until(() -> driver.findElements(row).isEmpty());
    HttpResponse<String> afterDeletion =
        anonymous.send(
            HttpRequest.newBuilder(URI.create("http://localhost:" + runtime.httpPort() + link))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(afterDeletion.statusCode()).isEqualTo(410);
  }

  @Test
  void aRefusedFileAndRefusedOptionsShowWhatTheApiSaid() throws Exception {
    ChromeDriver driver = browser.driver();
    signedOutPage(driver);
    type(driver, "register-name", "Alan");
    type(driver, "register-email", "alan-" + UUID.randomUUID() + "@example.org");
    type(driver, "register-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#register-form button[type=submit]")).click();
    awaitSession(driver, "signed-in");

    // a text file dressed up as a video is refused, and the page says why
    Path notAVideo = media.resolve("holiday.mp4");
    Files.writeString(notAVideo, "these are my holiday notes, not a video\n".repeat(50));
    driver.findElement(By.id("files")).sendKeys(notAVideo.toAbsolutePath().toString());
    driver.findElement(By.id("upload-button")).click();
    By refused = By.cssSelector("#uploads li.refused .upload-state");
    await().atMost(Duration.ofSeconds(20)).until(() -> !driver.findElements(refused).isEmpty());
    WebElement message = driver.findElement(refused);
    assertThat(message.getText()).startsWith("Refused: ").contains("holiday.mp4");
    assertThat(message.getAttribute("role")).isEqualTo("alert");
    assertThat(driver.findElements(By.cssSelector("#videos li.video"))).isEmpty();

    // an option out of bounds: the API's message stands next to the field, which is marked invalid
    Path video = Media.video(media, 1);
    driver.findElement(By.id("files")).sendKeys(video.toAbsolutePath().toString());
    WebElement rate = driver.findElement(By.id("rate"));
    rate.clear();
    rate.sendKeys("500");
    driver.findElement(By.id("upload-button")).click();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> driver.findElement(By.id("rate-error")).isDisplayed());
    assertThat(driver.findElement(By.id("rate-error")).getText()).isNotBlank();
    assertThat(rate.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(driver.findElements(By.cssSelector("#uploads li.refused"))).hasSize(2);
    assertThat(driver.findElements(By.cssSelector("#uploads li.refused")).get(0).getText())
        .contains("fps");
    browser.fullPageScreenshot("web-page-refused");
  }

  /** The page, signed out (the browser is shared; its session cookie is not visible at "/"). */
  @Test
  void theSamplingSelectorSendsTheChosenModeAndTheOutputsAndTheZipHasThem() throws Exception {
    ChromeDriver driver = browser.driver();
    signedOutPage(driver);
    String email = "edsger-" + UUID.randomUUID() + "@example.org";
    type(driver, "register-name", "Edsger");
    type(driver, "register-email", email);
    type(driver, "register-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#register-form button[type=submit]")).click();
    awaitSession(driver, "signed-in");

    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("rate-mode")))
        .selectByValue("timestamps");
    assertThat(driver.findElement(By.id("rate-label")).getText())
        .isEqualTo("Times, comma-separated");
    assertThat(driver.findElement(By.id("rate-hint")).isDisplayed()).isTrue();
    type(driver, "rate", "0.5, 50%");
    driver.findElement(By.id("storyboard")).click();
    driver.findElement(By.id("contactSheet")).click();
    driver.findElement(By.id("preview")).click();
    assertThat(unlabelledControls(driver)).isEmpty();
    driver.findElement(By.id("files")).sendKeys(Media.video(media, 2).toAbsolutePath().toString());
    driver.findElement(By.id("upload-button")).click();

    By done = By.cssSelector("#videos li.video[data-status=SUCCEEDED]");
    await().atMost(Duration.ofMinutes(2)).until(() -> !driver.findElements(done).isEmpty());
    String id = driver.findElement(done).getAttribute("data-video-id");
    FrameflowApi api = new FrameflowApi(() -> runtime.httpPort());
    byte[] zip = api.downloadZip(api.login(email), id);
    java.util.Set<String> names = new java.util.TreeSet<>();
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        names.add(entry.getName());
      }
    }
    assertThat(names)
        .contains(
            "frame-000001-0.500s.jpg",
            "frame-000002-1.000s.jpg",
            "storyboard/sprite.jpg",
            "storyboard/storyboard.vtt",
            "contact-sheet.jpg",
            "preview.webp");
  }

  private static void signedOutPage(ChromeDriver driver) {
    driver.get(page());
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                java.util.Arrays.asList("signed-in", "signed-out")
                    .contains(driver.findElement(By.tagName("body")).getAttribute("data-session")));
    if ("signed-in".equals(driver.findElement(By.tagName("body")).getAttribute("data-session"))) {
      driver.findElement(By.id("sign-out")).click();
    }
    awaitSession(driver, "signed-out");
  }

  @Test
  void whenTheLiveStreamCannotBeOpenedThePagePollsInstead() throws Exception {
    ChromeDriver driver = browser.driver();
    // the browser cannot reach the stream at all (a proxy that drops it, say)
    driver.executeCdpCommand("Network.enable", Map.of());
    driver.executeCdpCommand(
        "Network.setBlockedURLs", Map.of("urls", List.of("*/api/videos/events*")));
    try {
      signedOutPage(driver);
      String email = "grace-" + UUID.randomUUID() + "@example.org";
      type(driver, "register-name", "Grace");
      type(driver, "register-email", email);
      type(driver, "register-password", FrameflowApi.PASSWORD);
      driver.findElement(By.cssSelector("#register-form button[type=submit]")).click();
      awaitSession(driver, "signed-in");
      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () ->
                  driver
                      .findElement(By.id("live-state"))
                      .getText()
                      .equals("Live updates paused: checking every 5 seconds."));

      // a video uploaded elsewhere (here: curl-like, through the API) shows up and finishes
      FrameflowApi api = new FrameflowApi(() -> runtime.httpPort());
      String token = api.login(email);
      String id = api.uploadVideo(token, Media.video(media, 2), Map.of("fps", "1"));
      By row = By.cssSelector("#video-" + id + "[data-status=SUCCEEDED]");
      await().atMost(Duration.ofMinutes(2)).until(() -> !driver.findElements(row).isEmpty());
      assertThat(driver.findElement(By.id("live-state")).getText()).contains("paused");
    } finally {
      driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of()));
    }
  }

  @Test
  void aForgottenPasswordIsResetFromTheMailedLinkAndOnlyTheNewOneSignsIn() throws Exception {
    ChromeDriver driver = browser.driver();
    FrameflowApi api = new FrameflowApi(() -> runtime.httpPort());
    String email = "hedy-" + UUID.randomUUID() + "@example.org";
    api.registerAndLogin(email);
    signedOutPage(driver);

    driver.findElement(By.cssSelector("#forgot summary")).click();
    type(driver, "forgot-email", email);
    driver.findElement(By.cssSelector("#forgot-form button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> driver.findElement(By.id("forgot-result")).isDisplayed());
    assertThat(driver.findElement(By.id("forgot-result")).getText()).isNotBlank();

    // the mailed link opens the page on the new-password form; the token leaves the address bar
    String fragment = fromMailTo(email, RESET_LINK);
    driver.get(page() + fragment);
    awaitSession(driver, "password-reset");
    assertThat(driver.getCurrentUrl()).doesNotContain("password-reset");
    assertThat(driver.findElement(By.id("password-reset-form")).isDisplayed()).isTrue();
    assertThat(unlabelledControls(driver)).isEmpty();

    // a weak password is refused with the API's words, and the link still works after that
    type(driver, "new-password", "short");
    driver.findElement(By.cssSelector("#password-reset-form button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> driver.findElement(By.id("password-reset-error")).isDisplayed());
    String newPassword = "a brand new passphrase " + UUID.randomUUID();
    type(driver, "new-password", newPassword);
    driver.findElement(By.cssSelector("#password-reset-form button[type=submit]")).click();
    awaitSession(driver, "signed-out");
    assertThat(driver.findElement(By.id("sign-in-notice")).getText())
        .isEqualTo("Your password is changed. Sign in with it.");

    // the old password no longer signs in; the new one does
    type(driver, "sign-in-email", email);
    type(driver, "sign-in-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> driver.findElement(By.id("sign-in-error")).isDisplayed());
    assertThat(driver.findElement(By.tagName("body")).getAttribute("data-session"))
        .isEqualTo("signed-out");
    type(driver, "sign-in-password", newPassword);
    driver.findElement(By.cssSelector("#sign-in-form button[type=submit]")).click();
    awaitSession(driver, "signed-in");

    // the link is spent: opening it again says so and changes nothing
    driver.findElement(By.id("sign-out")).click();
    awaitSession(driver, "signed-out");
    driver.get(page() + fragment);
    awaitSession(driver, "password-reset");
    type(driver, "new-password", "yet another passphrase " + UUID.randomUUID());
    driver.findElement(By.cssSelector("#password-reset-form button[type=submit]")).click();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> driver.findElement(By.id("password-reset-error")).isDisplayed());
    assertThat(driver.findElement(By.tagName("body")).getAttribute("data-session"))
        .isEqualTo("password-reset");
    assertThat(api.login(email, newPassword)).isNotBlank();
  }

  /** Form controls a screen reader could not name. */
  @SuppressWarnings("unchecked")
  private static List<String> unlabelledControls(ChromeDriver driver) {
    return (List<String>)
        driver.executeScript(
            "return [...document.querySelectorAll('input, select, button')]"
                + ".filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label')"
                + " && !c.textContent.trim()).map(c => c.id || c.outerHTML)");
  }

  private static Path zipIn(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".zip")).findFirst().orElse(null);
    }
  }

  private static final Pattern SIGNED_LINK =
      Pattern.compile("https?://[^/\\s]+(/api/videos/[0-9a-f-]+/download/signed\\?\\S+)");

  /** The path and query of the signed link in the success email (a .eml in the mailbox). */
  private static String signedLinkFromMailTo(String email) throws Exception {
    return fromMailTo(email, SIGNED_LINK);
  }

  private static final Pattern RESET_LINK =
      Pattern.compile("https?://[^/\\s]+/(#password-reset=[A-Za-z0-9_-]+)");

  /**
   * Group 1 of {@code pattern} in the first email to {@code email} (a .eml in the standalone mode's
   * mailbox) that has it.
   */
  private static String fromMailTo(String email, Pattern pattern) throws Exception {
    Path mailbox = dataDir.resolve("mailbox");
    List<String> found = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              found.clear();
              if (!Files.isDirectory(mailbox)) {
                return false;
              }
              try (Stream<Path> files = Files.list(mailbox)) {
                for (Path eml : files.filter(f -> f.toString().endsWith(".eml")).toList()) {
                  try (var in = Files.newInputStream(eml)) {
                    MimeMessage message =
                        new MimeMessage(Session.getInstance(new Properties()), in);
                    String text = Mail.plainText(message);
                    if (message.getAllRecipients()[0].toString().contains(email)
                        && pattern.matcher(text).find()) {
                      found.add(text);
                    }
                  }
                }
              }
              return !found.isEmpty();
            });
    Matcher link = pattern.matcher(found.get(0));
    assertThat(link.find()).as(found.get(0)).isTrue();
    return link.group(1);
  }
}
