package dev.frameflow.gateway.video;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.Multipart;
import dev.frameflow.gateway.support.TestServers;
import dev.frameflow.testing.TestVideos;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;

/**
 * The extraction options of an upload: checked against the contract's bounds before anything is
 * stored, and accepted in the order people type them (fields after the file, query parameters).
 */
class UploadOptionsIT extends GatewayIntegrationTest {

  private final S3Client s3 = TestServers.get().s3Client();

  @Test
  void anIntervalTheExtractorWouldRefuseIsRefusedUpFrontNamingTheField() {
    String token = login(newUser());
    long before = objectCount();
    HttpResponse<String> response =
        upload(
            token,
            new Multipart()
                .field("intervalSeconds", "0.005")
                .file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = body(response);
    assertThat(problem.get("detail").asString()).startsWith("intervalSeconds must be between");
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("intervalSeconds");
    assertThat(objectCount()).as("nothing was stored").isEqualTo(before);
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  @Test
  void optionsAfterTheFileAreTakenAsCurlUsersTypeThem() {
    String token = login(newUser());
    HttpResponse<String> response =
        upload(
            token,
            new Multipart()
                .file("clip.mp4", TestVideos.oneSecond("mp4"))
                .field("fps", "2")
                .field("format", "png"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode options = video(token, response).get("options");
    assertThat(options.get("fps").asDouble()).isEqualTo(2.0);
    assertThat(options.get("format").asString()).isEqualTo("png");
  }

  @Test
  void aBadOptionAfterTheFileIsRefusedAndTheStoredFileDeleted() {
    String token = login(newUser());
    long before = objectCount();
    HttpResponse<String> response =
        upload(
            token,
            new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4")).field("width", "8"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(body(response).get("detail").asString()).startsWith("width ");
    assertThat(objectCount()).isEqualTo(before);
    assertThat(body(get("/api/videos", token)).get("totalElements").asLong()).isZero();
  }

  @Test
  void optionsMayComeAsQueryParameters() {
    String token = login(newUser());
    HttpResponse<String> response =
        upload(
            "/api/videos?intervalSeconds=2.5&maxFrames=4",
            token,
            new Multipart().file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode options = video(token, response).get("options");
    assertThat(options.get("intervalSeconds").asDouble()).isEqualTo(2.5);
    assertThat(options.get("maxFrames").asInt()).isEqualTo(4);

    HttpResponse<String> twice =
        upload(
            "/api/videos?fps=1",
            token,
            new Multipart().field("fps", "2").file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(twice.statusCode()).isEqualTo(400);
    assertThat(body(twice).get("detail").asString()).contains("'fps' is given twice");
  }

  @Test
  void twoSamplingModesAreRefusedWithProblemJsonNamingBothFields() {
    String token = login(newUser());
    long before = objectCount();
    HttpResponse<String> response =
        upload(
            "/api/videos?count=8",
            token,
            new Multipart()
                .field("keyframes", "true")
                .file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode problem = body(response);
    assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("count|keyframes");
    assertThat(problem.get("detail").asString())
        .isEqualTo(
            "count|keyframes give only one of fps, intervalSeconds, count, timestamps, keyframes,"
                + " scene");
    assertThat(objectCount()).as("nothing was stored").isEqualTo(before);
  }

  @Test
  void aModeAndTheOutputsAreStoredWithTheVideo() {
    String token = login(newUser());
    HttpResponse<String> response =
        upload(
            "/api/videos?timestamps=0.5,50%25&contactSheet=true&preview=on",
            token,
            new Multipart()
                .field("storyboard", "true")
                .field("format", "webp")
                .file("clip.mp4", TestVideos.oneSecond("mp4")));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    JsonNode options = video(token, response).get("options");
    assertThat(options.get("timestamps").get(1).asString()).isEqualTo("50%");
    assertThat(options.has("fps")).as("no default rate beside another mode").isFalse();
    assertThat(options.get("contactSheet").asBoolean()).isTrue();
    assertThat(options.get("preview").asBoolean()).isTrue();
    assertThat(options.get("storyboard").get("tileWidth").asInt()).isEqualTo(160);
    assertThat(options.get("format").asString()).isEqualTo("webp");
  }

  @Test
  void theOpenApiDocumentDescribesTheModesAndOutputs() {
    JsonNode api = body(get("/v3/api-docs", null));
    JsonNode schema =
        api.get("paths")
            .get("/api/videos")
            .get("post")
            .get("requestBody")
            .get("content")
            .get("multipart/form-data")
            .get("schema");
    String ref = schema.get("$ref").asString();
    JsonNode form =
        api.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
    assertThat(form.get("properties").propertyNames())
        .contains(
            "count",
            "timestamps",
            "keyframes",
            "scene",
            "sceneThreshold",
            "minIntervalSeconds",
            "storyboard",
            "storyboardTileWidth",
            "contactSheet",
            "preview");
  }

  @Test
  void theOpenApiDocumentDescribesTheMultipartBody() {
    JsonNode api = body(get("/v3/api-docs", null));
    JsonNode content =
        api.get("paths").get("/api/videos").get("post").get("requestBody").get("content");
    JsonNode schema = content.get("multipart/form-data").get("schema");
    String ref = schema.get("$ref").asString();
    JsonNode form =
        api.get("components").get("schemas").get(ref.substring(ref.lastIndexOf('/') + 1));
    JsonNode file = form.get("properties").get("file");
    assertThat(file.get("type").asString()).isEqualTo("array");
    assertThat(file.get("items").get("format").asString()).isEqualTo("binary");
    assertThat(form.get("properties").propertyNames())
        .contains("fps", "intervalSeconds", "format", "quality", "maxFrames", "width");
    // the contract's bounds and choices, read from the record
    JsonNode width = form.get("properties").get("width");
    assertThat(width.get("type").asString()).isEqualTo("integer");
    assertThat(width.get("minimum").asInt()).isEqualTo(ExtractionLimits.MIN_WIDTH);
    assertThat(width.get("maximum").asInt()).isEqualTo(ExtractionLimits.MAX_WIDTH);
    assertThat(form.get("properties").get("format").get("enum").toString())
        .contains("jpeg", "png", "webp");
  }

  private JsonNode video(String token, HttpResponse<String> accepted) {
    UUID id = UUID.fromString(body(accepted).get("videos").get(0).get("id").asString());
    return body(get("/api/videos/" + id, token));
  }

  private long objectCount() {
    return s3.listObjectsV2Paginator(b -> b.bucket(TestServers.UPLOAD_BUCKET)).contents().stream()
        .count();
  }
}
