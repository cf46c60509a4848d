package dev.frameflow.standalone;

/**
 * {@code scripts/run}: the whole product on this machine. Data (database, objects, mailbox) stays
 * in {@code FRAMEFLOW_STANDALONE_DATA_DIR} (default {@code .frameflow}) across restarts.
 */
public final class StandaloneApplication {

  private StandaloneApplication() {}

  public static void main(String[] args) {
    StandaloneRuntime runtime =
        StandaloneRuntime.start(StandaloneRuntime.Settings.fromEnvironment(System.getenv()), args);
    Runtime.getRuntime().addShutdownHook(new Thread(runtime::close, "standalone-shutdown"));
  }
}
