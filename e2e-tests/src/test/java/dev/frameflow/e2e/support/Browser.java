package dev.frameflow.e2e.support;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through Debian's chromedriver. Both paths are given explicitly, so
 * Selenium Manager never tries to download a driver or a browser.
 */
public final class Browser implements AutoCloseable {

  public static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final ChromeDriver driver;
  private final Path downloads;

  public Browser(Path downloads) {
    this.downloads = downloads;
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(driverPath()))
            .usingAnyFreePort()
            .build();
    ChromeOptions options =
        new ChromeOptions()
            .setBinary(binaryPath())
            .addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--window-size=1280,1100",
                "--lang=en-GB");
    options.setExperimentalOption(
        "prefs",
        Map.of(
            "download.default_directory", downloads.toAbsolutePath().toString(),
            "download.prompt_for_download", false,
            "safebrowsing.enabled", false));
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  public static String driverPath() {
    return System.getProperty("chromedriver.path", "/usr/bin/chromedriver");
  }

  public static String binaryPath() {
    return System.getProperty("chromium.path", "/usr/bin/chromium");
  }

  /** Whether Debian's chromium and chromedriver are installed (scripts/test installs them). */
  public static boolean available() {
    return Files.isExecutable(Path.of(driverPath())) && Files.isExecutable(Path.of(binaryPath()));
  }

  /**
   * Skips the calling test where Debian's chromium and chromedriver are missing (a developer's
   * machine); on CI they must be there, and the test runs and fails without them.
   */
  public static void assumeAvailable() {
    Assumptions.assumeTrue(
        available() || System.getenv("CI") != null,
        "Debian's chromium and chromium-driver are needed (scripts/test installs them)");
  }

  public ChromeDriver driver() {
    return driver;
  }

  public Path downloads() {
    return downloads;
  }

  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  /** Saves what the browser shows under target/screenshots/{name}.png and returns the file. */
  public Path screenshot(String name) throws IOException {
    Files.createDirectories(SCREENSHOTS);
    Path target = SCREENSHOTS.resolve(name + ".png");
    Files.copy(
        driver.getScreenshotAs(OutputType.FILE).toPath(),
        target,
        StandardCopyOption.REPLACE_EXISTING);
    return target;
  }

  /** The whole page at the current width: the window grows to the page's height for the shot. */
  public Path fullPageScreenshot(String name) throws IOException {
    Dimension before = driver.manage().window().getSize();
    long height = (Long) driver.executeScript("return document.documentElement.scrollHeight + 0");
    resize(before.getWidth(), (int) Math.min(4000, height + 120));
    try {
      return screenshot(name);
    } finally {
      resize(before.getWidth(), before.getHeight());
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
