package dev.frameflow.gateway.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DestinationGuardTest {

  private final DestinationGuard guard = new DestinationGuard(List.of());

  @ParameterizedTest
  @ValueSource(
      strings = {
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fd00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "224.0.0.1"
      })
  void internalAddressesAreRefused(String address) {
    assertThatThrownBy(() -> guard.checkUrl(URI.create("https://" + host(address) + "/hook")))
        .isInstanceOf(BlockedDestinationException.class)
        .hasMessageContaining("address");
  }

  @Test
  void aNameThatResolvesToAnInternalAddressIsRefused() {
    DestinationGuard resolving =
        new DestinationGuard(
            List.of(),
            host ->
                new InetAddress[] {
                  InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.2.3")
                });
    assertThatThrownBy(() -> resolving.checkUrl(URI.create("https://hooks.example.org/in")))
        .isInstanceOf(BlockedDestinationException.class)
        .hasMessage("the host hooks.example.org resolves to a private address 10.1.2.3")
        .extracting(e -> ((BlockedDestinationException) e).publicReason())
        .as("the user is not told which address the name resolved to")
        .isEqualTo("the host hooks.example.org does not resolve to a public address");
    assertThatThrownBy(() -> guard.checkUrl(URI.create("http://localhost:8080/hook")))
        .hasMessageContaining("loopback");
  }

  @Test
  void aPublicAddressIsAccepted() {
    assertThatCode(() -> guard.checkUrl(URI.create("https://93.184.216.34/hook")))
        .doesNotThrowAnyException();
    assertThat(DestinationGuard.internal(addressOf("8.8.8.8"))).isNull();
  }

  @Test
  void onlyTheConfiguredNetworkIsAllowed() {
    DestinationGuard local = new DestinationGuard(List.of("127.0.0.1/32"));
    assertThatCode(() -> local.checkUrl(URI.create("http://127.0.0.1:9999/hook")))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> local.checkUrl(URI.create("http://127.0.0.2:9999/hook")))
        .isInstanceOf(BlockedDestinationException.class);
    assertThatThrownBy(() -> local.checkUrl(URI.create("http://169.254.169.254/latest")))
        .isInstanceOf(BlockedDestinationException.class);
  }

  @Test
  void onlyHttpUrlsWithoutCredentials() {
    assertThatThrownBy(() -> guard.checkUrl(URI.create("ftp://93.184.216.34/x")))
        .hasMessage("the URL must be http or https");
    assertThatThrownBy(() -> guard.checkUrl(URI.create("https://user:pw@93.184.216.34/x")))
        .hasMessage("the URL must not carry credentials");
    assertThatThrownBy(() -> guard.checkUrl(URI.create("https:///x")))
        .hasMessage("the URL has no host");
  }

  private static String host(String address) {
    return address.contains(":") ? "[" + address + "]" : address;
  }

  private static InetAddress addressOf(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
