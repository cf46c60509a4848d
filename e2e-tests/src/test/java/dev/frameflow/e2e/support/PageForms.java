package dev.frameflow.e2e.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/** What the browser tests do with the page's forms: type, wait for a session state, register. */
public final class PageForms {

  private PageForms() {}

  public static void type(ChromeDriver driver, String id, String text) {
    WebElement input = driver.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  /** The page's {@code data-session} on the body: signed-in, signed-out or password-reset. */
  public static String session(ChromeDriver driver) {
    return driver.findElement(By.tagName("body")).getAttribute("data-session");
  }

  public static void awaitSession(ChromeDriver driver, String state) {
    await().atMost(Duration.ofSeconds(20)).until(() -> state.equals(session(driver)));
  }

  /**
   * Opens the page at {@code url}, signs out whoever is signed in, registers a new account with the
   * form (which signs it in) and returns its email address.
   */
  public static String registerInThePage(ChromeDriver driver, String url) {
    driver.get(url);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> "signed-in".equals(session(driver)) || "signed-out".equals(session(driver)));
    if ("signed-in".equals(session(driver))) {
      driver.findElement(By.id("sign-out")).click();
      awaitSession(driver, "signed-out");
    }
    String email = "ada-" + UUID.randomUUID() + "@example.org";
    type(driver, "register-name", "Ada");
    type(driver, "register-email", email);
    type(driver, "register-password", FrameflowApi.PASSWORD);
    driver.findElement(By.cssSelector("#register-form button[type=submit]")).click();
    awaitSession(driver, "signed-in");
    return email;
  }
}
