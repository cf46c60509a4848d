package dev.frameflow.contracts.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.frameflow.contracts.upload.PresignedAccess;
import dev.frameflow.contracts.validation.ContractValidator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessGrantTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final String SIGNATURE = "0".repeat(64);

  private static PresignedAccess upload() {
    return PresignedAccess.of(
        PresignedAccess.MIN_PART_SIZE_BYTES,
        List.of(
            "https://s3.example/b/k?partNumber=1&uploadId=u&X-Amz-Signature=" + SIGNATURE,
            "https://s3.example/b/k?partNumber=2&uploadId=u&X-Amz-Signature=" + SIGNATURE),
        "https://s3.example/b/k?uploadId=u&complete",
        "https://s3.example/b/k?uploadId=u&abort");
  }

  private static AccessGrant.SliceGrant slice(Integer index) {
    return new AccessGrant.SliceGrant(
        index, "https://s3.example/part", "https://s3.example/spill", "https://s3.example/index");
  }

  @Test
  void eachKindOfPodHasAValidShape() {
    assertThat(ContractValidator.check(AccessGrant.probe("https://s3.example/source"))).isEmpty();
    assertThat(
            ContractValidator.check(new AccessGrant("https://s3.example/source", upload(), null)))
        .isEmpty();
    assertThat(
            ContractValidator.check(new AccessGrant("https://s3.example/source", null, slice(3))))
        .isEmpty();
  }

  @Test
  void aGrantIsNeverBothAnUploadAndASlice() {
    assertThat(
            ContractValidator.check(
                new AccessGrant("https://s3.example/source", upload(), slice(0))))
        .singleElement()
        .asString()
        .contains("not both");
  }

  @Test
  void aGrantWithoutSourceOrWithABrokenSliceIsRefused() {
    assertThat(ContractValidator.check(AccessGrant.probe(" "))).isNotEmpty();
    assertThat(
            ContractValidator.check(new AccessGrant("https://s3.example/source", null, slice(-1))))
        .isNotEmpty();
    assertThat(
            ContractValidator.check(
                new AccessGrant(
                    "https://s3.example/source",
                    null,
                    new AccessGrant.SliceGrant(0, "https://s3.example/part", "", "x"))))
        .isNotEmpty();
  }

  @Test
  void itTravelsAsJsonWithoutItsRules() throws Exception {
    AccessGrant grant = new AccessGrant("https://s3.example/source", null, slice(2));
    String json = JSON.writeValueAsString(grant);
    assertThat(json).doesNotContain("oneShape");
    assertThat(JSON.readValue(json, AccessGrant.class)).isEqualTo(grant);
  }
}
