package dev.frameflow.gateway.auth;

import java.util.Locale;
import java.util.regex.Pattern;

/** An email address in the one form we store and compare: trimmed and lower-cased. */
public record EmailAddress(String value) {

  // Deliberately loose: the confirmation is that mail arrives, not a regex.
  private static final Pattern SHAPE = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

  public EmailAddress {
    if (value == null || !SHAPE.matcher(value).matches() || value.length() > 254) {
      throw new IllegalArgumentException("not an email address");
    }
  }

  public static EmailAddress normalise(String raw) {
    return new EmailAddress(raw == null ? null : raw.strip().toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return value;
  }
}
