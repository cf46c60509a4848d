package dev.frameflow.extractor.cli;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.extractor.storage.ObjectLocation;
import java.io.IOException;
import java.util.Map;

/**
 * What this run reads and writes through: the pod's {@link AccessGrant} when the Job gives one, or
 * else the command line ({@code --source URL}, {@code --upload FILE}, {@code --slice-access DIR}),
 * as a person running the CLI by hand gives them. With a grant, {@code --source} and {@code
 * --output} only name the objects ({@code s3://bucket/key}) and the grant's URLs are used instead,
 * so no S3 client and no credential is needed.
 *
 * <p>A grant whose shape does not fit the run (an upload for a probe, a slice for a one-pod run,
 * another index's slice) is the operator's mistake, never the user's: {@link Mismatch}, a transient
 * failure.
 *
 * @param source what to read: the grant's presigned GET, or {@code --source}
 * @param upload the one-pod run's presigned upload (grant or {@code --upload}); null otherwise
 * @param slice the sliced run's own URLs from the grant; null without a grant (then {@code
 *     --slice-access} or a local directory)
 * @param renewing the grant as it is renewed (the newest URLs for each request); null without a
 *     grant, or when it does not say when it ends
 */
record RunAccess(
    ObjectLocation source,
    PresignedAccess upload,
    AccessGrant.SliceGrant slice,
    RenewingGrant renewing) {

  RunAccess(ObjectLocation source, PresignedAccess upload, AccessGrant.SliceGrant slice) {
    this(source, upload, slice, null);
  }

  /** The same access, its URLs taken from {@code renewing} as each request is made. */
  RunAccess renewedBy(RenewingGrant renewing) {
    return new RunAccess(source, upload, slice, renewing);
  }

  /** A grant that does not fit the run: transient (exit 1), the detail says how. */
  static final class Mismatch extends IllegalStateException {
    Mismatch(String message) {
      super("access grant mismatch: " + message);
    }
  }

  /** The command line's access: the source as given, the {@code --upload} file read. */
  static RunAccess ofArguments(CliArguments arguments) throws IOException {
    boolean onePod = !arguments.probe() && arguments.slicing() == null;
    return new RunAccess(
        arguments.source(), onePod ? PresignedUploads.read(arguments.upload()) : null, null);
  }

  /** The grant's access, checked against the run's shape and the pod's completion index. */
  static RunAccess ofGrant(CliArguments arguments, AccessGrant grant, Map<String, String> env) {
    if (arguments.upload() != null
        || (arguments.slicing() != null && arguments.slicing().access() != null)) {
      throw new Mismatch("the Job gives a grant and --upload or --slice-access: one source only");
    }
    ObjectLocation source;
    try {
      source = ObjectLocation.parse(grant.sourceUrl().strip());
    } catch (IllegalArgumentException e) {
      throw new Mismatch("the grant's source is not a URL");
    }
    if (!(source instanceof ObjectLocation.Url)) {
      throw new Mismatch("the grant's source is not an http(s) URL");
    }
    if (arguments.probe()) {
      requireShape(ExtractorFlags.PROBE, grant);
      return new RunAccess(source, null, null);
    }
    CliArguments.Slicing slicing = arguments.slicing();
    if (slicing == null) {
      requireShape("one-pod", grant);
      return new RunAccess(source, grant.upload(), null);
    }
    requireShape(ExtractorFlags.SLICE, grant);
    int index = grant.slice().index();
    if (index >= slicing.slices()) {
      throw new Mismatch("the grant is for index " + index + " of a run of " + slicing.slices());
    }
    if (slicing.slice() != null && slicing.slice() != index) {
      throw new Mismatch(
          "the grant is for index " + index + ", --slice-index is " + slicing.slice());
    }
    String completion = env.get(SliceAccess.COMPLETION_INDEX_VARIABLE);
    if (completion != null
        && !completion.isBlank()
        && !completion.strip().equals(Integer.toString(index))) {
      throw new Mismatch(
          "the grant is for index "
              + index
              + ", this pod is "
              + SliceAccess.COMPLETION_INDEX_VARIABLE
              + "="
              + completion.strip());
    }
    return new RunAccess(source, null, grant.slice());
  }

  /** This run's slice index: the grant's when there is one, else the command line's choice. */
  Integer sliceIndex(CliArguments.Slicing slicing) {
    return slice != null ? slice.index() : slicing.slice();
  }

  private static void requireShape(String expected, AccessGrant grant) {
    String shape = shapeOf(grant);
    if (!shape.equals(expected)) {
      throw new Mismatch("a " + expected + " run got a " + shape + " grant");
    }
  }

  /** The grant's shape, named as the subcommand it fits ({@code one-pod} for {@code extract}). */
  private static String shapeOf(AccessGrant grant) {
    if (grant.upload() != null) {
      return "one-pod";
    }
    return grant.slice() != null ? ExtractorFlags.SLICE : ExtractorFlags.PROBE;
  }
}
