package dev.frameflow.standalone.frames;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.extractor.ffmpeg.Ffmpeg;
import dev.frameflow.extractor.frameserver.FrameService;
import dev.frameflow.extractor.frameserver.FrameServiceSettings;
import dev.frameflow.extractor.frameserver.SourceOrigin;
import dev.frameflow.gateway.frames.FrameRenderer;
import dev.frameflow.gateway.storage.ObjectStorage;
import dev.frameflow.gateway.storage.StorageProperties;
import dev.frameflow.standalone.StandaloneProperties;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code frameflow.frames.mode=in-process} (the standalone mode's default): frames are rendered in
 * this JVM, with the extractor's ffmpeg choice (the installed one, else the bundled one, as for
 * extractions, so that a frame is the ZIP's picture), scratch files under the work directory.
 */
@Configuration(proxyBeanMethods = false)
public class FrameRenderingConfiguration {

  @Bean
  @ConditionalOnProperty(name = "frameflow.frames.mode", havingValue = "in-process")
  FrameRenderer inProcessFrameRenderer(
      ObjectStorage storage, StorageProperties s3, StandaloneProperties standalone)
      throws IOException {
    Path work = Files.createDirectories(standalone.workDir().resolve("frames"));
    return new InProcessFrameRenderer(
        new FrameService(
            FrameServiceSettings.defaults(presignedOrigin(storage, s3)).withWorkDir(work),
            Ffmpeg.preferInstalled()));
  }

  /**
   * The origin of the gateway's presigned URLs (the local store, MinIO, or the bucket's S3 host):
   * the only one the frame service will read from, as the frame-server's {@code --source-origin}.
   */
  static SourceOrigin presignedOrigin(ObjectStorage storage, StorageProperties s3) {
    URI sample =
        storage.presignedRead(new ObjectRef(s3.uploadBucket(), "origin"), Duration.ofMinutes(1));
    return SourceOrigin.parse(sample.getScheme() + "://" + sample.getRawAuthority());
  }
}
