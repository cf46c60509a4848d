package dev.frameflow.gateway.frames;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.gateway.frames.FrameLinks.Check;
import dev.frameflow.gateway.frames.FrameLinks.SignedFrameLink;
import dev.frameflow.gateway.links.LinkProperties;
import dev.frameflow.gateway.links.LinkSigner;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A signed frame URL is bound to everything that makes its picture: video, image name, canonical
 * parameters and expiry; it outlives none of them and no other key verifies it.
 */
class FrameLinksTest {

  private static final Instant NOW = Instant.parse("2026-12-07T19:00:00Z");
  private static final String BASE = "https://frameflow.example.org";
  private static final UUID VIDEO = UUID.fromString("6f1c1d55-0b44-4f8e-9a43-2b8f0c1e2d3a");

  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
  private final FrameLinks links = links(new byte[32], clock);

  private static FrameLinks links(byte[] key, Clock clock) {
    LinkProperties properties =
        new LinkProperties(
            Duration.ofDays(7), Duration.ofMinutes(10), Base64.getEncoder().encodeToString(key));
    return new FrameLinks(new LinkSigner(properties, null, clock), clock);
  }

  @Test
  void aLinkNamesItsCanonicalQueryAndVerifiesUntilItExpires() {
    RequestedImage image = image("frame.jpg", Map.of("width", "640", "time", "83.50"));
    SignedFrameLink link = links.sign(BASE, VIDEO, image, NOW.plus(Duration.ofHours(1)));

    assertThat(link.url())
        .startsWith(
            "https://frameflow.example.org/api/videos/"
                + VIDEO
                + "/frame.jpg?time=83.5&width=640&expires=")
        .contains("&signature=");
    assertThat(link.expiresAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
    Map<String, String> query = query(link.url());
    // the same picture asked with its parameters in another order and spelling verifies
    assertThat(check(links, VIDEO, "frame.jpg", query)).isEqualTo(Check.VALID);

    FrameLinks later = links(new byte[32], Clock.offset(clock, Duration.ofHours(1).plusSeconds(1)));
    assertThat(check(later, VIDEO, "frame.jpg", query)).isEqualTo(Check.EXPIRED);
  }

  @Test
  void changingAnythingTheLinkCoversForgesIt() {
    SignedFrameLink link =
        links.sign(
            BASE,
            VIDEO,
            image("frame.jpg", Map.of("time", "50%", "width", "640")),
            NOW.plusSeconds(60));
    Map<String, String> query = query(link.url());
    assertThat(check(links, VIDEO, "frame.jpg", query)).isEqualTo(Check.VALID);

    assertThat(check(links, VIDEO, "frame.jpg", with(query, "time", "51%")))
        .as("another time")
        .isEqualTo(Check.FORGED);
    assertThat(check(links, VIDEO, "frame.jpg", with(query, "width", "1280")))
        .as("another width")
        .isEqualTo(Check.FORGED);
    assertThat(check(links, VIDEO, "frame.jpg", with(query, "height", "100")))
        .as("a parameter added")
        .isEqualTo(Check.FORGED);
    assertThat(check(links, VIDEO, "frame.png", query))
        .as("another format")
        .isEqualTo(Check.FORGED);
    assertThat(check(links, UUID.randomUUID(), "frame.jpg", query))
        .as("another video")
        .isEqualTo(Check.FORGED);
    long expires = Long.parseLong(query.get(FrameLinks.EXPIRES));
    assertThat(
            check(links, VIDEO, "frame.jpg", with(query, "expires", Long.toString(expires + 3600))))
        .as("a later expiry")
        .isEqualTo(Check.FORGED);
    assertThat(check(links, VIDEO, "frame.jpg", with(query, "expires", "soon")))
        .as("an expiry that is no number")
        .isEqualTo(Check.FORGED);
    String signature = query.get(FrameLinks.SIGNATURE);
    String flipped = (signature.charAt(0) == 'A' ? "B" : "A") + signature.substring(1);
    assertThat(check(links, VIDEO, "frame.jpg", with(query, "signature", flipped)))
        .as("another signature")
        .isEqualTo(Check.FORGED);
    assertThat(check(links, VIDEO, "frame.jpg", with(query, "signature", "")))
        .as("no signature")
        .isEqualTo(Check.FORGED);
    byte[] otherKey = new byte[32];
    Arrays.fill(otherKey, (byte) 7);
    assertThat(check(links(otherKey, clock), VIDEO, "frame.jpg", query))
        .as("another key")
        .isEqualTo(Check.FORGED);
  }

  @Test
  void anAnimationLinkIsNotAFrameLinkOfTheSameVideo() {
    SignedFrameLink link =
        links.sign(
            BASE,
            VIDEO,
            image("animated.webp", Map.of("start", "2", "end", "4")),
            NOW.plusSeconds(60));
    Map<String, String> query = query(link.url());
    assertThat(check(links, VIDEO, "animated.webp", query)).isEqualTo(Check.VALID);
    assertThat(check(links, VIDEO, "animated.gif", query)).isEqualTo(Check.FORGED);
  }

  private static RequestedImage image(String name, Map<String, String> query) {
    return RequestedImage.of(name, query);
  }

  private static Check check(FrameLinks links, UUID video, String name, Map<String, String> query) {
    return links.check(
        video,
        image(name, FrameLinks.imageQuery(query)),
        query.get(FrameLinks.EXPIRES),
        query.get(FrameLinks.SIGNATURE));
  }

  private static Map<String, String> with(Map<String, String> query, String name, String value) {
    Map<String, String> changed = new LinkedHashMap<>(query);
    changed.put(name, value);
    return changed;
  }

  private static Map<String, String> query(String url) {
    Map<String, String> query = new LinkedHashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return query;
  }
}
