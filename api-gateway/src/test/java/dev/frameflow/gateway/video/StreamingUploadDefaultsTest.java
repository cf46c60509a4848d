package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class StreamingUploadDefaultsTest {

  @Test
  void springsMultipartResolverIsOffUnlessSomeoneExplicitlyTurnsItOn() {
    MockEnvironment unset = new MockEnvironment();
    new StreamingUploadDefaults().postProcessEnvironment(unset, new SpringApplication());
    assertThat(unset.getProperty("spring.servlet.multipart.enabled")).isEqualTo("false");

    MockEnvironment explicit =
        new MockEnvironment().withProperty("spring.servlet.multipart.enabled", "true");
    new StreamingUploadDefaults().postProcessEnvironment(explicit, new SpringApplication());
    assertThat(explicit.getProperty("spring.servlet.multipart.enabled")).isEqualTo("true");
  }
}
