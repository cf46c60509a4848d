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
}
