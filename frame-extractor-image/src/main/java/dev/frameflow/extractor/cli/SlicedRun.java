package dev.frameflow.extractor.cli;

import dev.frameflow.archive.ZipAssembler;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.result.FailureReason;
import dev.frameflow.contracts.slicing.SliceAccess;
import dev.frameflow.contracts.slicing.SliceIndex;
import dev.frameflow.extractor.BadInputException;
import dev.frameflow.extractor.ExtractionRequest;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.slice.LocalAssembly;
import dev.frameflow.extractor.slice.SliceExtractor;
import dev.frameflow.extractor.slice.SliceUpload;
import dev.frameflow.extractor.storage.ObjectLocation;
import dev.frameflow.extractor.storage.ObjectStore;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The CLI's sliced modes: one index's part, or the local final step. */
final class SlicedRun {

  private SlicedRun() {}

  static ExtractorResult run(
      CliArguments arguments,
      RunAccess access,
      Map<String, String> env,
      ObjectStore store,
      Ffmpeg ffmpeg,
      long started)
      throws IOException, InterruptedException {
    CliArguments.Slicing slicing = arguments.slicing();
    if (slicing.assembleFrom() != null) {
      Path zip = localPath(arguments.output());
      ZipAssembler.Assembly done =
          LocalAssembly.assemble(slicing.assembleFrom(), slicing.slices(), zip);
      return ExtractorResult.succeeded(
          done.frames(),
          zip.toString(),
          Files.size(zip),
          done.videoDurationSeconds(),
          elapsed(started));
    }
    Integer chosen = access.sliceIndex(slicing);
    int slice = chosen != null ? chosen : completionIndex(env, slicing.slices());
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    SliceUpload upload;
    if (access.slice() != null && access.renewing() != null) {
      // the pod's grant, renewed as it runs: this index's three URLs as they are when used
      upload =
          SliceUpload.presigned(
              http, access.slice().index(), access.renewing().slice(), SliceUpload.MIN_PART_BYTES);
    } else if (access.slice() != null) {
      // the pod's grant: this index's three URLs, nothing of the other indexes'
      upload = SliceUpload.presigned(http, access.slice(), SliceUpload.MIN_PART_BYTES);
    } else if (slicing.access() != null) {
      upload = SliceUpload.presigned(http, slicing.access(), SliceUpload.MIN_PART_BYTES);
    } else {
      upload = SliceUpload.toDirectory(localPath(arguments.output()));
    }
    ExtractionRequest request =
        new ExtractionRequest(
            arguments.source(), arguments.output(), arguments.options(), arguments.workDir());
    Files.createDirectories(arguments.workDir());
    Path part = Files.createTempFile(arguments.workDir(), "part-" + slice + "-", ".zip");
    try {
      SliceExtractor.Slice done =
          new SliceExtractor(store, arguments.limits(), ffmpeg)
              .extract(request, slice, slicing.slices(), part, null);
      SliceIndex index = upload.store(done);
      return ExtractorResult.succeeded(
          index.entries().size(),
          arguments.output().toString(),
          index.partBytes(),
          index.video().durationSeconds(),
          elapsed(started));
    } finally {
      Files.deleteIfExists(part);
    }
  }

  private static int completionIndex(Map<String, String> env, int slices) {
    String value = env.get(SliceAccess.COMPLETION_INDEX_VARIABLE);
    try {
      int index = Integer.parseInt(value == null ? "" : value.trim());
      if (index >= 0 && index < slices) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new BadInputException(
        FailureReason.INVALID_OPTIONS,
        "no --slice-index and no valid " + SliceAccess.COMPLETION_INDEX_VARIABLE + ": " + value);
  }

  private static Path localPath(ObjectLocation location) {
    if (location instanceof ObjectLocation.LocalFile file) {
      return file.path();
    }
    throw new BadInputException(
        FailureReason.INVALID_OPTIONS, "a local sliced run needs a local --output");
  }

  private static long elapsed(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
