package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmailAddressTest {

  @Test
  void addressesAreTrimmedAndLowerCasedSoDuplicatesAreFound() {
    assertThat(EmailAddress.normalise("  Ada.Lovelace@Example.ORG "))
        .isEqualTo(EmailAddress.normalise("ada.lovelace@example.org"));
  }

  @Test
  void somethingThatIsNotAnAddressIsRefused() {
    assertThatThrownBy(() -> EmailAddress.normalise("ada at example"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> EmailAddress.normalise(null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
