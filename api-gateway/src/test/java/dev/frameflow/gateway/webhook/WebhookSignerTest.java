package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class WebhookSignerTest {

  @Test
  void theSignatureIsHmacSha256OverTimestampDotBody() {
    // the value openssl gives: printf '1700000000.{"id":"x"}' | openssl dgst -sha256 -hmac
    // whsec_test
    assertThat(
            WebhookSigner.header(
                1_700_000_000L, "{\"id\":\"x\"}".getBytes(StandardCharsets.UTF_8), "whsec_test"))
        .isEqualTo(
            "t=1700000000,v1=80e8d098018f757aa814ab1abb924f35d304affa1d93d29611a54696207eb7c3");
  }

  @Test
  void secretsAreRandomAndRecognisable() {
    String one = WebhookSigner.newSecret();
    assertThat(one).startsWith("whsec_").hasSizeGreaterThan(40);
    assertThat(WebhookSigner.newSecret()).isNotEqualTo(one);
  }
}
