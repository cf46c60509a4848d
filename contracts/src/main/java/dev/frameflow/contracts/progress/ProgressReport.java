package dev.frameflow.contracts.progress;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * What a running extractor tells the operator about its progress (docs/events.md): a JSON body
 * {@code POST}ed to {@code <FRAMEFLOW_PROGRESS_URL>} with {@code Authorization: Bearer
 * <FRAMEFLOW_PROGRESS_TOKEN>}. The token is the VideoJob's uid, which the pod learns from its own
 * environment and cannot learn for any other video, so a report can only ever move its own video.
 *
 * @param percent how much of the sampling timeline is decoded, 0 to 100
 * @param framesWritten frames already in the ZIP, when the extractor knows
 */
public record ProgressReport(
    @NotNull @Min(0) @Max(100) Integer percent, @Min(0) Integer framesWritten) {

  /** Where the pod sends its reports: the operator's endpoint for this one VideoJob. */
  public static final String URL_VARIABLE = "FRAMEFLOW_PROGRESS_URL";

  /** The pod's proof that it runs this VideoJob's extraction: the VideoJob's uid. */
  public static final String TOKEN_VARIABLE = "FRAMEFLOW_PROGRESS_TOKEN";

  /** The endpoint's path prefix, followed by {@code <namespace>/<VideoJob name>}. */
  public static final String PATH = "/progress/";
}
