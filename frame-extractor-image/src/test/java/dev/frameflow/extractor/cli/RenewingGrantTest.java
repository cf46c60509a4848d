package dev.frameflow.extractor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.frameflow.contracts.access.AccessGrant;
import dev.frameflow.contracts.upload.PresignedAccess;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pod's grant as requests use it: the same until it is due, then asked for again; a failed
 * renewal keeps the old grant until it expires; after that, the run fails as transient.
 */
class RenewingGrantTest {

  static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  static final String SIGNATURE = "0".repeat(64);

  final MutableClock clock = new MutableClock();
  final Deque<Object> answers = new ArrayDeque<>();
  final List<Duration> asked = new ArrayList<>();
  final List<String> logged = new ArrayList<>();

  RenewingGrant renewing(AccessGrant first) {
    return new RenewingGrant(
        first,
        wait -> {
          asked.add(wait);
          Object next = answers.poll();
          if (next instanceof IOException e) {
            throw e;
          }
          if (next == null) {
            throw new IOException("no answer");
          }
          return (AccessGrant) next;
        },
        Duration.ofSeconds(120),
        clock,
        logged::add);
  }

  static AccessGrant onePod(String uploadId, String signature, Instant expiresAt) {
    String base = "https://s3.example/results/v/frames.zip";
    return new AccessGrant(
        "https://s3.example/uploads/v/source?X-Amz-Signature=" + signature,
        new PresignedAccess(
            PresignedAccess.MIN_PART_SIZE_BYTES,
            base + "?partNumber={partNumber}&uploadId=" + uploadId + "&X-Amz-Signature={signature}",
            List.of(SIGNATURE, SIGNATURE),
            base + "?uploadId=" + uploadId + "&X-Amz-Signature=" + signature,
            base + "?uploadId=" + uploadId + "&X-Amz-Signature=" + signature),
        null,
        expiresAt);
  }

  @Test
  void theGrantServesUntilDueThenEveryRequestGetsTheRenewedOne() {
    AccessGrant first = onePod("u1", "a", T0.plusSeconds(600));
    RenewingGrant grant = renewing(first);
    AccessGrant second = onePod("u1", "b", T0.plusSeconds(1200));
    answers.add(second);

    clock.now = T0.plusSeconds(479); // renewal due at 480 (2 minutes before)
    assertThat(grant.current()).isSameAs(first);
    assertThat(asked).isEmpty();

    clock.now = T0.plusSeconds(480);
    assertThat(grant.sourceUrl().get().toString()).endsWith("X-Amz-Signature=b");
    assertThat(grant.upload().get().complete()).contains("uploadId=u1").endsWith("=b");
    assertThat(asked).containsExactly(Duration.ZERO); // one attempt: there is time for another
    assertThat(grant.renewals()).isEqualTo(1);
    assertThat(logged).singleElement().asString().contains("renewed");
  }

  @Test
  void aFailedRenewalKeepsTheGrantAndIsTriedAgainAfterABackoff() {
    AccessGrant first = onePod("u1", "a", T0.plusSeconds(600));
    RenewingGrant grant = renewing(first);
    answers.add(new IOException("HTTP 503"));

    clock.now = T0.plusSeconds(500);
    assertThat(grant.current()).isSameAs(first);
    assertThat(logged).singleElement().asString().contains("renewal failed").contains("HTTP 503");
    // within the backoff: no new attempt
    clock.now = T0.plusSeconds(500).plusMillis(500);
    assertThat(grant.current()).isSameAs(first);
    assertThat(asked).hasSize(1);

    AccessGrant second = onePod("u1", "b", T0.plusSeconds(1200));
    answers.add(second);
    clock.now = T0.plusSeconds(501);
    assertThat(grant.current()).isSameAs(second);
    assertThat(asked).hasSize(2);
  }

  @Test
  void anExpiredGrantIsRenewedWithTheFullWaitOrTheRunFailsAsTransient() {
    RenewingGrant grant = renewing(onePod("u1", "a", T0.plusSeconds(600)));
    clock.now = T0.plusSeconds(600);
    answers.add(new IOException("connection refused"));

    assertThatThrownBy(grant::current)
        .isInstanceOf(RenewingGrant.Lapsed.class)
        .isInstanceOf(java.io.UncheckedIOException.class)
        .hasMessageContaining("expired")
        .hasMessageContaining("connection refused");
    assertThat(asked).containsExactly(Duration.ofSeconds(120));

    // the operator answers again: the same run goes on
    AccessGrant renewed = onePod("u1", "b", T0.plusSeconds(1200));
    answers.add(renewed);
    assertThat(grant.current()).isSameAs(renewed);
  }

  @Test
  void aRenewedGrantOfAnotherUploadOrIndexIsRefused() {
    RenewingGrant grant = renewing(onePod("u1", "a", T0.plusSeconds(600)));
    answers.add(onePod("u2", "b", T0.plusSeconds(1200)));
    clock.now = T0.plusSeconds(500);
    grant.current();
    assertThat(logged).singleElement().asString().contains("another upload");

    AccessGrant slice =
        new AccessGrant(
            "https://s3/source",
            null,
            new AccessGrant.SliceGrant(1, "https://s3/p", "https://s3/s", "https://s3/i"),
            T0.plusSeconds(600));
    RenewingGrant sliced = renewing(slice);
    answers.clear();
    answers.add(
        new AccessGrant(
            "https://s3/source",
            null,
            new AccessGrant.SliceGrant(2, "https://s3/p", "https://s3/s", "https://s3/i"),
            T0.plusSeconds(1200)));
    clock.now = T0.plusSeconds(560); // received at 500, due half-way to 600
    assertThat(sliced.current()).isSameAs(slice);
    assertThat(logged).last().asString().contains("another index");
  }

  static final class MutableClock extends Clock {
    volatile Instant now = T0;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
