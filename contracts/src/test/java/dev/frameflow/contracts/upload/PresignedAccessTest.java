package dev.frameflow.contracts.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.validation.ContractValidator;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The upload a Job gets travels as one part-URL template and a signature per part, and gives back
 * exactly the URLs it was made from.
 */
class PresignedAccessTest {

  static final int PART = 8 * 1024 * 1024;
  static final String COMPLETE =
      "https://s3.example/results/v/frames.zip?uploadId=u&X-Amz-Signature=c";
  static final String ABORT =
      "https://s3.example/results/v/frames.zip?uploadId=u&X-Amz-Signature=a";

  @Test
  void theUrlsComeBackExactlyAfterAJsonRoundTrip() throws Exception {
    List<String> urls = partUrls("videos/1f0c/frames.zip", 256);

    PresignedAccess access = PresignedAccess.of(PART, urls, COMPLETE, ABORT);
    String json = new ObjectMapper().writeValueAsString(access);
    PresignedAccess read = new ObjectMapper().readValue(json, PresignedAccess.class);

    assertThat(read.parts()).isEqualTo(urls);
    assertThat(read.maxBytes()).isEqualTo(256L * PART);
    assertThat(read.complete()).isEqualTo(COMPLETE);
    assertThat(ContractValidator.check(read)).isEmpty();
    // under a fifth of the URLs' own size: what every Job's Secret costs in etcd and on the wire
    int urlBytes = urls.stream().mapToInt(String::length).sum();
    assertThat(json.length()).isLessThan(urlBytes / 5);
    assertThat(json).doesNotContain("\"parts\"");
  }

  @Test
  void urlsThatDifferInMoreThanNumberAndSignatureAreRefused() {
    List<String> urls = new ArrayList<>(partUrls("videos/a/frames.zip", 3));
    urls.set(2, partUrls("videos/b/frames.zip", 3).get(2));

    assertThatThrownBy(() -> PresignedAccess.of(PART, urls, COMPLETE, ABORT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("part 3");
  }

  @Test
  void aUrlWithoutPartNumberOrSignatureIsRefused() {
    String noNumber = partUrls("videos/a/frames.zip", 1).get(0).replace("partNumber=1&", "");
    String noSignature =
        partUrls("videos/a/frames.zip", 1).get(0).replaceAll("&X-Amz-Signature=.*$", "");

    assertThatThrownBy(() -> PresignedAccess.of(PART, List.of(noNumber), COMPLETE, ABORT))
        .hasMessageContaining("partNumber");
    assertThatThrownBy(() -> PresignedAccess.of(PART, List.of(noSignature), COMPLETE, ABORT))
        .hasMessageContaining("signature");
    assertThatThrownBy(() -> PresignedAccess.of(PART, List.of(), COMPLETE, ABORT))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSignatureThatIsNotSigV4FailsValidation() {
    PresignedAccess forged =
        new PresignedAccess(
            PART,
            "https://s3.example/k?partNumber={partNumber}&X-Amz-Signature={signature}",
            List.of("not-hex&partNumber=9"),
            COMPLETE,
            ABORT);

    assertThat(ContractValidator.check(forged)).isNotEmpty();
  }

  /** Part URLs shaped as SigV4 query authentication makes them, one signature each. */
  private static List<String> partUrls(String key, int parts) {
    List<String> urls = new ArrayList<>();
    for (int n = 1; n <= parts; n++) {
      urls.add(
          "https://frameflow-results.s3.eu-west-1.amazonaws.com/"
              + key
              + "?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20261129T101500Z"
              + "&X-Amz-SignedHeaders=host&X-Amz-Expires=4200"
              + "&X-Amz-Credential=AKIAEXAMPLE%2F20261129%2Feu-west-1%2Fs3%2Faws4_request"
              + "&partNumber="
              + n
              + "&uploadId=2~Vn0pB7kG0dPq9M4xkq6jUZr0Qq3o1sA8bLw5uXcYh2e"
              + "&X-Amz-Signature="
              + String.format("%064x", (long) key.hashCode() * 31 + n));
    }
    return urls;
  }
}
