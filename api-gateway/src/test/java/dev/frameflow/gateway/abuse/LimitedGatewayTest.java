package dev.frameflow.gateway.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.support.GatewayIntegrationTest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A second gateway with the production behaviour the main test context relaxes (addresses must be
 * verified, registrations per address are few) and tiny upload limits, so that every refusal can be
 * provoked.
 */
@TestPropertySource(
    properties = {
      "frameflow.registration.auto-verify=false",
      "frameflow.registration.max-per-address=3",
      "frameflow.upload.max-concurrent=1",
      "frameflow.upload.admission-wait=0s",
      "frameflow.upload.max-in-flight-per-user=1",
      "frameflow.upload.max-queued-per-user=2",
      "frameflow.upload.max-bytes-per-day=1MB",
      "frameflow.resumable.max-open-per-user=3",
      "frameflow.cancel.max-per-user=3",
      // UploadAdmissionIT stalls a body on purpose: not a slow client
      "frameflow.upload.throughput-window=60s"
    })
abstract class LimitedGatewayTest extends GatewayIntegrationTest {

  @Autowired private JdbcClient database;

  /** Registers from an address of its own (the per-address limit is 3); not yet confirmed. */
  protected String register(String email, String name) {
    HttpResponse<String> response =
        postJson(
            "/api/auth/register",
            "{\"email\":\""
                + email
                + "\",\"password\":\"correct horse battery\",\"name\":\""
                + name
                + "\"}",
            "X-Forwarded-For",
            "10.30." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return email;
  }

  /** A new account whose address is confirmed (as by its link), so that it may upload. */
  @Override
  protected String newUser() {
    String email = register("user-" + UUID.randomUUID() + "@example.org", "Ada");
    confirmed(email);
    return email;
  }

  protected void confirmed(String email) {
    database
        .sql("update app_user set email_verified_at = now() where email = ?")
        .param(email)
        .update();
  }
}
