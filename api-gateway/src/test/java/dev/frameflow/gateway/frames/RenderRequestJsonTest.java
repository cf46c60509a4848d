package dev.frameflow.gateway.frames;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.frameflow.contracts.extraction.ImageFormat;
import dev.frameflow.contracts.frames.AnimationFormat;
import dev.frameflow.contracts.frames.AnimationRequest;
import dev.frameflow.contracts.frames.FrameRequest;
import dev.frameflow.contracts.frames.RenderRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway writes render requests with Spring's Jackson 3; the frame-server reads them with
 * Jackson 2 (its own ObjectMapper): the same request must come out on the other side.
 */
class RenderRequestJsonTest {

  @Test
  void aRenderRequestTheGatewayWritesIsTheOneTheFrameServerReads() throws Exception {
    RenderRequest frame =
        RenderRequest.frame(
            "v1",
            "videos/v1/source",
            "http://127.0.0.1:9000/b/k?X-Amz-Signature=x",
            "o1",
            FrameRequest.fromQuery(
                Map.of("time", "50%", "width", "640", "height", "360", "fit", "cover"),
                ImageFormat.WEBP));
    RenderRequest animation =
        RenderRequest.animation(
            "v1",
            "videos/v1/source",
            "http://127.0.0.1:9000/b/k",
            "o1",
            AnimationRequest.fromQuery(Map.of("start", "1.5", "end", "4"), AnimationFormat.GIF));
    for (RenderRequest request : new RenderRequest[] {frame, animation}) {
      byte[] json = JsonMapper.builder().build().writeValueAsBytes(request);
      assertThat(new ObjectMapper().readValue(json, RenderRequest.class))
          .as(new String(json))
          .isEqualTo(request);
    }
  }
}
