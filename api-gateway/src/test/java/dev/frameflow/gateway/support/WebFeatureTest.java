package dev.frameflow.gateway.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * The gateway with a finished video: uploaded, its ZIP in S3, SUCCEEDED reported as the operator
 * would.
 */
public abstract class WebFeatureTest extends GatewayIntegrationTest {

  /** Uploads a video, stores {@code zip} as its result and reports it SUCCEEDED; returns its id. */
  protected UUID succeededVideo(String token, byte[] zip, int frames) {
    return succeededVideo(token, new Multipart(), zip, frames);
  }

  /** The same for a video uploaded with the option fields already in {@code form}. */
  protected UUID succeededVideo(String token, Multipart form, byte[] zip, int frames) {
    UUID videoId = uploadVideo(token, form);
    TestServers.get()
        .s3Client()
        .putObject(
            b -> b.bucket(TestServers.RESULT_BUCKET).key("videos/" + videoId + "/frames.zip"),
            RequestBody.fromBytes(zip));
    publishStatus(
        statusEvent(
            UUID.randomUUID(),
            videoId,
            "SUCCEEDED",
            "\"frames\": " + frames + ", \"bytes\": " + zip.length));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                "SUCCEEDED"
                    .equals(body(get("/api/videos/" + videoId, token)).get("status").asString()));
    return videoId;
  }

  protected static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
  }

  /** A problem answer of that status and {@code code}. */
  protected void assertProblem(HttpResponse<String> response, int status, String code) {
    assertProblem(response, status);
    assertThat(body(response).get("code").asString()).as(response.body()).isEqualTo(code);
  }
}
