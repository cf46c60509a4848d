package dev.frameflow.gateway.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import dev.frameflow.gateway.support.HostileHttpServer;
import dev.frameflow.gateway.support.HostileHttpServer.Mode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A webhook receiver that answers {@code 200} and then header bytes for ever (issue 27, item 1), a
 * real socket on 127.0.0.1: the attempt fails at the response-head limits, long before the
 * attempt's deadline, its connection closed; the error the endpoint's owner sees names the kind of
 * failure and no address.
 */
class HostileReceiversIT extends GatewayIntegrationTest {

  private static final long CAP = 16 * 1024 * 1024;

  @Test
  void aReceiverSendingEndlessHeadersFailsTheAttemptAtTheHeadLimits() throws Exception {
    try (HostileHttpServer receiver =
        HostileHttpServer.of(Mode.ENDLESS_HEADER_LINES, CAP, "{}".getBytes())) {
      String token = login(newUser());
      String[] auth = {"Authorization", "Bearer " + token};
      HttpResponse<String> registered =
          postJson("/api/webhooks", "{\"url\":\"" + receiver.url("/hook") + "\"}", auth);
      assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
      UUID endpoint = UUID.fromString(body(registered).get("id").asString());

      assertThat(postJson("/api/webhooks/" + endpoint + "/test", "", auth).statusCode())
          .isEqualTo(202);

      JsonNode attempt =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> body(get("/api/webhooks/" + endpoint + "/deliveries", token)).get(0),
                  d -> d != null && d.get("attempts").asInt() >= 1);
      assertThat(attempt.get("status").asString()).isNotEqualTo("DELIVERED");
      assertThat(attempt.get("lastError").asString())
          .isEqualTo("the server's response headers are larger than allowed");
      HostileHttpServer.Connection connection = receiver.connections().get(0);
      await().atMost(Duration.ofSeconds(2)).until(() -> !connection.open());
      assertThat(connection.written().get()).isLessThan(CAP);
    }
  }
}
