package dev.frameflow.standalone;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells the person who started the standalone mode where to open the page and point curl. */
@Component
class ReadyBanner {

  private static final Logger log = LoggerFactory.getLogger(ReadyBanner.class);

  private final StandaloneProperties properties;

  ReadyBanner(StandaloneProperties properties) {
    this.properties = properties;
  }

  @EventListener
  void onReady(ApplicationReadyEvent event) {
    int port =
        ((WebServerApplicationContext) event.getApplicationContext()).getWebServer().getPort();
    String base = "http://localhost:" + port;
    log.info(
        """

        ================================================================
         Frameflow standalone is up
           web page   {}/
           API        {}/api   (register: POST {}/api/auth/register)
           API docs   {}/swagger-ui.html
           data       {}
           mailbox    {}   (notification emails as .eml files)
           workers    {} video(s) at once
         Stop with Ctrl+C.
        ================================================================""",
        base,
        base,
        base,
        base,
        properties.dataDir().toAbsolutePath(),
        properties.mailboxDir().toAbsolutePath(),
        properties.effectiveWorkers());
  }
}
