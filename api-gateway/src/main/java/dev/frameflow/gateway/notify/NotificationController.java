package dev.frameflow.gateway.notify;

import dev.frameflow.gateway.auth.CurrentUser;
import dev.frameflow.gateway.problem.ApiProblem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The user's notification log, newest first. */
@RestController
public class NotificationController {

  private final NotificationRepository notifications;

  public NotificationController(NotificationRepository notifications) {
    this.notifications = notifications;
  }

  public record NotificationView(
      UUID id,
      UUID videoId,
      String outcome,
      String recipient,
      String status,
      int attempts,
      Instant createdAt,
      Instant sentAt) {}

  public record NotificationPage(
      List<NotificationView> items, int page, int size, long totalElements) {}

  @GetMapping("/api/notifications")
  public NotificationPage list(
      @AuthenticationPrincipal CurrentUser user,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "20") int size) {
    if (page < 0 || size < 1 || size > 100) {
      throw ApiProblem.badRequest("page must be >= 0 and size between 1 and 100");
    }
    List<NotificationView> items =
        notifications.pageForUser(user.id(), page, size).stream()
            .map(
                n ->
                    new NotificationView(
                        n.id(),
                        n.videoId(),
                        n.outcome(),
                        n.recipient(),
                        n.status(),
                        n.attempts(),
                        n.createdAt(),
                        n.sentAt()))
            .toList();
    return new NotificationPage(items, page, size, notifications.countForUser(user.id()));
  }
}
