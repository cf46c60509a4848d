package dev.frameflow.extractor.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.contracts.validation.ContractValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a presigned upload from the {@code --upload} file (a hand-run CLI; a Job gets it in its
 * access grant instead), checked as a contract.
 */
final class PresignedUploads {

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private PresignedUploads() {}

  /** The upload in {@code file}, or null when there is none. */
  static PresignedAccess read(Path file) throws IOException {
    if (file == null) {
      return null;
    }
    PresignedAccess access = JSON.readValue(Files.readAllBytes(file), PresignedAccess.class);
    var violations = ContractValidator.check(access);
    if (!violations.isEmpty()) {
      // the operator wrote it: a broken file is our fault, not the user's (transient, logged)
      throw new IllegalStateException("the presigned upload is invalid: " + violations);
    }
    return access;
  }
}
