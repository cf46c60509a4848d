package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.result.ExtractorResult;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultJsonTest {

  @Test
  void aSuccessCarriesTheContractsFieldsInOrder() {
    assertThat(ResultJson.toJson(ExtractorResult.succeeded(60, "s3://b/k", 123, 60.0, 4200)))
        .isEqualTo(
            "{\"status\":\"succeeded\",\"exitCode\":0,\"frames\":60,\"output\":\"s3://b/k\","
                + "\"bytes\":123,\"videoDurationSeconds\":60.0,\"elapsedMillis\":4200,"
                + "\"reason\":null}");
  }

  @Test
  void aFailureAlwaysFitsTheTerminationLog() {
    String json =
        ResultJson.toJson(
            ExtractorResult.failed(
                2, "s3://b/" + "k".repeat(1500), null, 5, "\"bad\" ".repeat(2000)));
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    assertThat(json).startsWith("{\"status\":\"failed\",\"exitCode\":2,\"frames\":0,");
    assertThat(json).contains("\"videoDurationSeconds\":null");
  }
}
