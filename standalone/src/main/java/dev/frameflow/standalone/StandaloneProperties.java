package dev.frameflow.standalone;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Standalone-mode settings ({@code FRAMEFLOW_STANDALONE_*}): where data lives and how many videos
 * are extracted at once (one per core by default).
 */
@ConfigurationProperties("frameflow.standalone")
public record StandaloneProperties(
    @DefaultValue(".frameflow") Path dataDir, Integer workers, @DefaultValue("2") int retries) {

  public int effectiveWorkers() {
    return workers == null ? Runtime.getRuntime().availableProcessors() : Math.max(1, workers);
  }

  public Path workDir() {
    return dataDir.resolve("work");
  }

  public Path mailboxDir() {
    return dataDir.resolve("mailbox");
  }
}
