package dev.frameflow.contracts.slicing;

/**
 * The keys of a sliced Job's Secret and the objects an index writes. Kubernetes gives every pod of
 * an Indexed Job the same template, so a Secret cannot be scoped to one index: the Secret holds one
 * key per index ({@code part-3.url}, ...) and the extractor reads only its own, chosen by {@code
 * JOB_COMPLETION_INDEX}.
 */
public final class SliceAccess {

  /** The environment variable Kubernetes sets in each pod of an Indexed Job. */
  public static final String COMPLETION_INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

  private SliceAccess() {}

  /** Secret key: the presigned UploadPart of the index's part (part number index + 1). */
  public static String partKey(int slice) {
    return "part-" + slice + ".url";
  }

  /** Secret key: the presigned PUT of the index's spill object (a part below S3's minimum). */
  public static String spillKey(int slice) {
    return "spill-" + slice + ".url";
  }

  /** Secret key: the presigned PUT of the index's {@link SliceIndex} JSON. */
  public static String indexKey(int slice) {
    return "index-" + slice + ".url";
  }

  /** The multipart upload's part number of index {@code slice}; the final part is slices + 1. */
  public static int partNumber(int slice) {
    return slice + 1;
  }

  /** Object key of the index's {@link SliceIndex}, next to the ZIP. */
  public static String indexObject(String zipKey, int slice) {
    return zipKey + ".slices/" + slice + ".json";
  }

  /** Object key of the index's spill object. */
  public static String spillObject(String zipKey, int slice) {
    return zipKey + ".slices/" + slice + ".part";
  }
}
