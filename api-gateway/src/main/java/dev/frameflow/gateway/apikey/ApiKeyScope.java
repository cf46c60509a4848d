package dev.frameflow.gateway.apikey;

import java.util.List;
import java.util.Locale;

/**
 * What a program holding an API key may do. {@code read}: list and read videos, download, read
 * notifications. {@code upload}: that and upload and cancel videos. Neither manages accounts or
 * keys: that needs a signed-in user.
 */
public enum ApiKeyScope {
  READ,
  UPLOAD;

  /** Spring Security authorities: what the security rules check. */
  public static final String READ_AUTHORITY = "SCOPE_read";

  public static final String UPLOAD_AUTHORITY = "SCOPE_upload";
  public static final String ACCOUNT_AUTHORITY = "SCOPE_account";

  public List<String> authorities() {
    return this == READ ? List.of(READ_AUTHORITY) : List.of(READ_AUTHORITY, UPLOAD_AUTHORITY);
  }

  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static ApiKeyScope parse(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }
}
