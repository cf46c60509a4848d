package dev.frameflow.gateway.links;

import dev.frameflow.contracts.events.ObjectRef;
import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.storage.ObjectStorage;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoService;
import dev.frameflow.gateway.video.VideoStatus;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Duration;
import java.util.UUID;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one-click download of an emailed link (no sign-in), and the short-lived link the page's
 * download button follows. A valid link answers 302 to a presigned S3 URL valid for 5 minutes; a
 * link to a deleted video or one past its expiry answers 410, a tampered one 403.
 */
@RestController
public class SignedDownloadController {

  private static final Duration PRESIGNED_VALIDITY = Duration.ofMinutes(5);

  private final DownloadLinks links;
  private final VideoService videos;
  private final ObjectStorage storage;
  private final JdbcClient jdbc;

  public SignedDownloadController(
      DownloadLinks links, VideoService videos, ObjectStorage storage, JdbcClient jdbc) {
    this.links = links;
    this.videos = videos;
    this.storage = storage;
    this.jdbc = jdbc;
  }

  private record Target(String status, ObjectRef output, String originalFilename) {}

  @Operation(
      summary = "Download a video's ZIP through a signed link (no sign-in)",
      description =
          "The link comes from the success email (valid 7 days) or from GET"
              + " /api/videos/{id}/download-link; 302 to a presigned URL, 410 when the link expired"
              + " or the video was deleted, 403 when the signature does not match")
  @GetMapping("/api/videos/{id}/download/signed")
  public ResponseEntity<Void> download(
      @PathVariable UUID id, @RequestParam long expires, @RequestParam String signature) {
    switch (links.check(id, expires, signature)) {
      case FORGED ->
          throw new ApiProblem(
              HttpStatus.FORBIDDEN, "Forbidden", "this download link is not valid");
      case EXPIRED ->
          throw new ApiProblem(
              HttpStatus.GONE,
              "Gone",
              "this download link has expired: sign in to download the frames");
      case VALID -> {}
    }
    Target target =
        jdbc.sql(
                "select status, output_bucket, output_key, original_filename from video"
                    + " where id = ?")
            .param(id)
            .query(
                (rs, row) ->
                    new Target(
                        rs.getString("status"),
                        new ObjectRef(rs.getString("output_bucket"), rs.getString("output_key")),
                        rs.getString("original_filename")))
            .optional()
            .filter(t -> VideoStatus.SUCCEEDED.name().equals(t.status()))
            .orElseThrow(
                () ->
                    new ApiProblem(
                        HttpStatus.GONE, "Gone", "this video has been deleted or has no frames"));
    return ResponseEntity.status(HttpStatus.FOUND)
        .cacheControl(CacheControl.noStore())
        .location(
            storage.presignedDownload(
                target.output(), PRESIGNED_VALIDITY, downloadName(target.originalFilename())))
        .build();
  }

  @Operation(
      summary = "A short-lived signed download link for the owner (used by the web page)",
      description = "409 while the frames are not ready")
  @GetMapping("/api/videos/{id}/download-link")
  public DownloadLinks.SignedLink downloadLink(
      @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
    Video video = videos.get(user.id(), id);
    if (video.status() != VideoStatus.SUCCEEDED) {
      throw ApiProblem.conflict(
          "the frames are not ready: the video is " + video.status().name().toLowerCase());
    }
    return links.forPage(id);
  }

  static String downloadName(String originalFilename) {
    String base =
        originalFilename == null || originalFilename.isBlank() ? "video" : originalFilename;
    int dot = base.lastIndexOf('.');
    return (dot > 0 ? base.substring(0, dot) : base) + "-frames.zip";
  }
}
