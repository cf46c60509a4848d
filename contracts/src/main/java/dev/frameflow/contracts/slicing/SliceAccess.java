package dev.frameflow.contracts.slicing;

/**
 * The objects an index of a sliced run writes, and the file names of {@code --slice-access DIR}
 * (one presigned URL per file, {@code part-3.url}, ...) for a sliced run by hand. In a cluster each
 * index's pod gets its own three URLs in its {@code AccessGrant} instead, and nothing of the other
 * indexes'.
 */
public final class SliceAccess {

  /** The environment variable Kubernetes sets in each pod of an Indexed Job. */
  public static final String COMPLETION_INDEX_VARIABLE = "JOB_COMPLETION_INDEX";

  private SliceAccess() {}

  /** File name: the presigned UploadPart of the index's part (part number index + 1). */
  public static String partKey(int slice) {
    return "part-" + slice + ".url";
  }

  /** File name: the presigned PUT of the index's spill object (a part below S3's minimum). */
  public static String spillKey(int slice) {
    return "spill-" + slice + ".url";
  }

  /** File name: the presigned PUT of the index's {@link SliceIndex} JSON. */
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
