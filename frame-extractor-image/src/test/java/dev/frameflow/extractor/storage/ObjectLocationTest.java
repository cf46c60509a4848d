package dev.frameflow.extractor.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ObjectLocationTest {

  @Test
  void anS3UriNamesABucketAndAKeyWithSlashes() {
    assertThat(ObjectLocation.parse("s3://uploads/videos/42/source"))
        .isEqualTo(new ObjectLocation.S3Object("uploads", "videos/42/source"));
  }

  @Test
  void anythingElseIsALocalPath() {
    assertThat(ObjectLocation.parse("/tmp/in.mp4"))
        .isEqualTo(new ObjectLocation.LocalFile(Path.of("/tmp/in.mp4")));
  }

  @Test
  void anS3UriWithoutKeyIsRefused() {
    assertThatThrownBy(() -> ObjectLocation.parse("s3://uploads/"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("s3://bucket/key");
    assertThatThrownBy(() -> ObjectLocation.parse("s3://uploads"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
