package dev.frameflow.contracts.extraction;

/**
 * The extractor's command line as the operator writes it into a Job's container arguments (and the
 * extractor's CLI declares it): the subcommand first ({@link #EXTRACT}, {@link #PROBE}, {@link
 * #SLICE}; {@link #ASSEMBLE} is for runs by hand), then its fixed flags. The options are not among
 * them: a Job passes them whole as one JSON value ({@link #OPTIONS_JSON}), so that a new option
 * changes no command line.
 */
public final class ExtractorFlags {

  /** The subcommand of a one-pod run: the video's frames into one ZIP. */
  public static final String EXTRACT = "extract";

  /** The subcommand of a probe Job: the source's duration, no frames. */
  public static final String PROBE = "probe";

  /** The subcommand of an index of a sliced run (an Indexed Job): one part of the ZIP. */
  public static final String SLICE = "slice";

  /** The subcommand of a local sliced run's final step: the parts into one ZIP. */
  public static final String ASSEMBLE = "assemble";

  /** The video; in a Job it only names the object (the pod reads it through its grant). */
  public static final String SOURCE = "--source";

  /** Where the ZIP goes; in a Job it only names the object. */
  public static final String OUTPUT = "--output";

  public static final String RESULT_FILE = "--result-file";

  public static final String WORK_DIR = "--work-dir";

  /** The {@link ExtractionOptions} as JSON, read and checked like any other copy of them. */
  public static final String OPTIONS_JSON = "--options-json";

  /** A sliced run (or its assembly): how many slices. */
  public static final String SLICES = "--slices";

  private ExtractorFlags() {}
}
