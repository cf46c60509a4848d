package dev.frameflow.operator.job;

import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.videojob.VideoJobSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;

/**
 * The extractor's arguments for a VideoJob: the subcommand first, its fixed flags ({@link
 * ExtractorFlags}) and the extraction options as one JSON value, which the extractor reads into the
 * same record and checks with the same bounds. A new option therefore changes nothing here.
 */
public final class ExtractorCommandLine {

  public static final String WORK_DIR = "/work";
  public static final String RESULT_FILE = "/dev/termination-log";

  private ExtractorCommandLine() {}

  /**
   * {@code --source} and {@code --output} only name the objects (for the logs and the result): the
   * pod reads and writes them through the presigned URLs the operator grants it when it starts.
   */
  public static List<String> arguments(VideoJobSpec spec) {
    List<String> args = fixed(ExtractorFlags.EXTRACT, spec);
    args.add(ExtractorFlags.OPTIONS_JSON);
    args.add(Serialization.asJson(spec.extraction()));
    return args;
  }

  /**
   * The probe Job's arguments: the source and output only named (the pod is granted the source's
   * GET alone), as the {@code probe} subcommand: no frames, no upload.
   */
  public static List<String> probeArguments(VideoJobSpec spec) {
    return fixed(ExtractorFlags.PROBE, spec);
  }

  /**
   * An index's arguments in a sliced run: a one-pod run's {@code arguments}, as the {@code slice}
   * subcommand, with the number of slices (each index asks the operator for its own part's URLs).
   */
  public static List<String> slicedArguments(List<String> onePod, int slices) {
    List<String> args = new ArrayList<>(onePod);
    args.set(0, ExtractorFlags.SLICE);
    args.add(ExtractorFlags.SLICES);
    args.add(Integer.toString(slices));
    return args;
  }

  private static List<String> fixed(String subcommand, VideoJobSpec spec) {
    return new ArrayList<>(
        List.of(
            subcommand,
            ExtractorFlags.SOURCE,
            spec.source().toUri(),
            ExtractorFlags.OUTPUT,
            spec.output().toUri(),
            ExtractorFlags.RESULT_FILE,
            RESULT_FILE,
            ExtractorFlags.WORK_DIR,
            WORK_DIR));
  }
}
