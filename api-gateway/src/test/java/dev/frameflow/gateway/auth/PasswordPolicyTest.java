package dev.frameflow.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

  @Test
  void aLongUncommonPasswordIsFine() {
    assertThat(PasswordPolicy.problemWith("correct horse battery", "ada@example.org")).isEmpty();
  }

  @Test
  void shortCommonOverlongOrEmailPasswordsAreRefusedWithAReason() {
    assertThat(PasswordPolicy.problemWith("short", null))
        .hasValueSatisfying(r -> assertThat(r).contains("at least"));
    assertThat(PasswordPolicy.problemWith("Password123", null))
        .hasValueSatisfying(r -> assertThat(r).contains("common"));
    assertThat(PasswordPolicy.problemWith("x".repeat(73), null))
        .hasValueSatisfying(r -> assertThat(r).contains("72"));
    assertThat(PasswordPolicy.problemWith("ada@example.org", "ada@example.org")).isPresent();
    assertThat(PasswordPolicy.problemWith(null, null)).isPresent();
  }

  @Test
  void theBreachedListIsTheLibrarysThirtyThousandNotAHandTypedOne() {
    assertThat(PasswordPolicy.commonPasswordCount()).isGreaterThan(29_000);
    for (String breached :
        new String[] {"qwertyuiop", "1234567890", "football123", "PASSWORD123"}) {
      assertThat(PasswordPolicy.problemWith(breached, null))
          .as(breached)
          .hasValueSatisfying(r -> assertThat(r).contains("common"));
    }
    // the README's walk-through password stays usable
    assertThat(PasswordPolicy.problemWith("correct-horse-battery", "ada@example.org")).isEmpty();
  }
}
