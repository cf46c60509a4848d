package dev.frameflow.gateway.account;

import dev.frameflow.gateway.auth.AccountRemover;
import dev.frameflow.gateway.resumable.ResumableUploadService;
import dev.frameflow.gateway.video.Video;
import dev.frameflow.gateway.video.VideoRepository;
import dev.frameflow.gateway.video.VideoService;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes an account with everything it owns. Its credentials are revoked first, so nothing it held
 * works while the rest goes; each unfinished video is cancelled like a {@code DELETE
 * /api/videos/{id}} (the operator hears {@code video.cancelled} and stops its Job), every video's
 * source and result objects and every unfinished resumable upload's parts are deleted; then, in one
 * transaction that locks the account row (so an upload racing the deletion either lands before and
 * is seen, or fails on the missing owner), its notifications, videos and the account go, and with
 * the account its webhooks and their deliveries, API keys, refresh tokens, sessions, idempotency
 * answers and links (the schema cascades). Objects of videos found only in that last transaction
 * are deleted after it. Repeating a deletion that failed half-way finishes it.
 */
@Component
public class AccountDeletion implements AccountRemover {

  private static final Logger log = LoggerFactory.getLogger(AccountDeletion.class);

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final CredentialRevocation revocation;
  private final VideoRepository videos;
  private final VideoService videoService;
  private final ResumableUploadService resumableUploads;

  public AccountDeletion(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      CredentialRevocation revocation,
      VideoRepository videos,
      VideoService videoService,
      ResumableUploadService resumableUploads) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.revocation = revocation;
    this.videos = videos;
    this.videoService = videoService;
    this.resumableUploads = resumableUploads;
  }

  @Override
  public void delete(UUID userId) {
    revocation.revokeAll(userId);
    resumableUploads.discardAllOf(userId);
    for (Video video : videos.findAllOwned(userId)) {
      if (video.status().isFinished()) {
        videoService.deleteObjects(video);
      } else {
        videoService.cancel(userId, video.id());
      }
    }
    List<Video> last =
        transaction.execute(
            status -> {
              jdbc.sql("select id from app_user where id = ? for update")
                  .param(userId)
                  .query(UUID.class)
                  .optional();
              List<Video> remaining = videos.findAllOwned(userId);
              jdbc.sql("delete from notification where user_id = ?").param(userId).update();
              jdbc.sql("delete from video where owner_id = ?").param(userId).update();
              jdbc.sql("delete from app_user where id = ?").param(userId).update();
              return remaining;
            });
    last.forEach(videoService::deleteObjects);
    log.info("account {} deleted with {} videos", userId, last.size());
  }
}
