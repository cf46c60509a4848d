package dev.frameflow.contracts.extraction;

/**
 * The extractor's fixed command-line flags, the ones the operator writes into a Job's container
 * arguments (and the extractor's CLI declares). The options are not among them: a Job passes them
 * whole as one JSON value ({@link #OPTIONS_JSON}), so that a new option changes no command line.
 */
public final class ExtractorFlags {

  /** The video; in a Job it only names the object (the pod reads it through its grant). */
  public static final String SOURCE = "--source";

  /** Where the ZIP goes; in a Job it only names the object. */
  public static final String OUTPUT = "--output";

  public static final String RESULT_FILE = "--result-file";

  public static final String WORK_DIR = "--work-dir";

  /** The {@link ExtractionOptions} as JSON, read and checked like any other copy of them. */
  public static final String OPTIONS_JSON = "--options-json";

  /** A probe: the source's duration, no frames. */
  public static final String PROBE = "--probe";

  /** A sliced run of an Indexed Job: how many slices. */
  public static final String SLICES = "--slices";

  private ExtractorFlags() {}
}
