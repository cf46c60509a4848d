package dev.frameflow.contracts.upload;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * A presigned multipart upload of a ZIP: one presigned PUT per part, then the presigned complete
 * (or abort); whoever holds it needs no AWS credentials and can write that one object only. An
 * extraction pod gets it in its {@code AccessGrant} from the operator, for an upload created for
 * that pod; by hand it is a JSON file given to the CLI as {@code --upload}.
 *
 * <p>The part URLs differ only in their part number and signature, so they travel as one template
 * and a signature per part ({@link #of} makes them, {@link #parts()} gives the URLs back): 256
 * parts take ~17 KB instead of ~115 KB.
 *
 * @param partSizeBytes size of every part but the last
 * @param partUrlTemplate the presigned PUT of a part with {@value #PART_NUMBER} and {@value
 *     #SIGNATURE} in place of its part number and signature
 * @param partSignatures the signature of part 1, 2, ... in order (SigV4: 64 hex digits)
 * @param complete the presigned POST completing the upload
 * @param abort the presigned DELETE aborting it
 */
public record PresignedAccess(
    @Min(MIN_PART_SIZE_BYTES) @Max(MAX_PART_SIZE_BYTES) int partSizeBytes,
    @NotBlank String partUrlTemplate,
    @NotEmpty @Size(max = MAX_PARTS) List<@Pattern(regexp = "[0-9a-f]{64}") String> partSignatures,
    @NotBlank String complete,
    @NotBlank String abort) {

  /**
   * The container variable naming the one host the extractor may reach over plain {@code http}: the
   * object store when the operator itself reaches it without TLS inside the cluster (kind's MinIO).
   * Unset everywhere else, where the URLs are {@code https}.
   */
  public static final String PLAIN_HTTP_HOST_VARIABLE = "FRAMEFLOW_PLAIN_HTTP_HOST";

  /** S3's smallest part (but the last). */
  public static final int MIN_PART_SIZE_BYTES = 5 * 1024 * 1024;

  /** The extractor holds one part in its 128 MiB heap. */
  public static final int MAX_PART_SIZE_BYTES = 64 * 1024 * 1024;

  /** At most this many parts: what the extractor's heap and the Secret were sized for. */
  public static final int MAX_PARTS = 400;

  /** Stands for the part number in {@link #partUrlTemplate}. */
  public static final String PART_NUMBER = "{partNumber}";

  /** Stands for the part's signature in {@link #partUrlTemplate}. */
  public static final String SIGNATURE = "{signature}";

  private static final java.util.regex.Pattern PART_NUMBER_PARAMETER =
      java.util.regex.Pattern.compile("[?&]partNumber=(\\d+)(?:&|$)");
  private static final java.util.regex.Pattern SIGNATURE_PARAMETER =
      java.util.regex.Pattern.compile("[?&]X-Amz-Signature=([0-9a-f]{64})(?:&|$)");

  /**
   * The access for these presigned part URLs (part 1, 2, ... in order), kept as a template and
   * signatures.
   *
   * @throws IllegalArgumentException when the URLs differ in anything but their part number and
   *     signature, or a URL has no part number or SigV4 signature
   */
  public static PresignedAccess of(
      int partSizeBytes, List<String> partUrls, String complete, String abort) {
    if (partUrls.isEmpty()) {
      throw new IllegalArgumentException("no part URL");
    }
    String template = template(partUrls.get(0));
    List<String> signatures = new ArrayList<>(partUrls.size());
    for (int n = 1; n <= partUrls.size(); n++) {
      String url = partUrls.get(n - 1);
      Matcher signature = SIGNATURE_PARAMETER.matcher(url);
      if (!signature.find()) {
        throw new IllegalArgumentException("part " + n + "'s URL has no SigV4 signature");
      }
      if (!expand(template, n, signature.group(1)).equals(url)) {
        throw new IllegalArgumentException(
            "part " + n + "'s URL differs from part 1's beyond its number and signature");
      }
      signatures.add(signature.group(1));
    }
    return new PresignedAccess(partSizeBytes, template, List.copyOf(signatures), complete, abort);
  }

  /** The presigned PUT of part 1, 2, ... in order. */
  public List<String> parts() {
    List<String> urls = new ArrayList<>(partSignatures.size());
    for (int n = 1; n <= partSignatures.size(); n++) {
      urls.add(expand(partUrlTemplate, n, partSignatures.get(n - 1)));
    }
    return urls;
  }

  /** The presigned PUT of part {@code partNumber} (1 to the number of signatures). */
  public String part(int partNumber) {
    if (partNumber < 1 || partNumber > partSignatures.size()) {
      throw new IndexOutOfBoundsException("no part " + partNumber);
    }
    return expand(partUrlTemplate, partNumber, partSignatures.get(partNumber - 1));
  }

  /** The largest ZIP these URLs can store. */
  public long maxBytes() {
    return (long) partSizeBytes * partSignatures.size();
  }

  private static String template(String url) {
    Matcher number = PART_NUMBER_PARAMETER.matcher(url);
    if (!number.find()) {
      throw new IllegalArgumentException("a part URL without a partNumber parameter: not a part");
    }
    String withNumber =
        url.substring(0, number.start(1)) + PART_NUMBER + url.substring(number.end(1));
    Matcher signature = SIGNATURE_PARAMETER.matcher(withNumber);
    if (!signature.find()) {
      throw new IllegalArgumentException("a part URL without a SigV4 signature");
    }
    return withNumber.substring(0, signature.start(1))
        + SIGNATURE
        + withNumber.substring(signature.end(1));
  }

  private static String expand(String template, int partNumber, String signature) {
    return template
        .replace(PART_NUMBER, Integer.toString(partNumber))
        .replace(SIGNATURE, signature);
  }
}
