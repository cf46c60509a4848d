package dev.frameflow.gateway.auth;

import com.nulabinc.zxcvbn.StandardDictionaries;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What a new password must satisfy; answers the reason in plain words when it does not. */
public final class PasswordPolicy {

  public static final int MIN_LENGTH = 10;
  // BCrypt only looks at the first 72 bytes; refuse longer rather than silently truncate
  public static final int MAX_BYTES = 72;

  private static final Set<String> COMMON = loadCommonPasswords();

  private PasswordPolicy() {}

  public static Optional<String> problemWith(String password, String email) {
    if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
      return Optional.of("the password must have at least " + MIN_LENGTH + " characters");
    }
    if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.of("the password must not be longer than " + MAX_BYTES + " bytes");
    }
    String lower = password.toLowerCase(Locale.ROOT);
    if (COMMON.contains(lower)) {
      return Optional.of("this password is too common; choose another");
    }
    if (email != null && lower.equals(email.toLowerCase(Locale.ROOT))) {
      return Optional.of("the password must not be the email address");
    }
    return Optional.empty();
  }

  /**
   * The 30,000 most frequent passwords of real breaches (the frequency list zxcvbn ships, built
   * from leaked password dumps), lower-cased.
   */
  private static Set<String> loadCommonPasswords() {
    try {
      return StandardDictionaries.PASSWORDS_LOADER.load().getRankedDictionary().keySet().stream()
          .map(word -> word.toLowerCase(Locale.ROOT))
          .collect(Collectors.toUnmodifiableSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many breached passwords are refused. */
  static int commonPasswordCount() {
    return COMMON.size();
  }
}
