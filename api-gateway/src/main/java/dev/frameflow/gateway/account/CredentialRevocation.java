package dev.frameflow.gateway.account;

import dev.frameflow.gateway.apikey.ApiKeys;
import dev.frameflow.gateway.auth.RefreshTokens;
import dev.frameflow.gateway.session.BrowserSessions;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends everything that speaks for an account, in one transaction: the generation of its credentials
 * is raised (every access token issued before is refused from the next request on, on every
 * replica), and its refresh tokens, browser sessions, API keys and outstanding password reset links
 * are revoked. Signing out everywhere, a new password and a deletion all start here.
 */
@Component
public class CredentialRevocation {

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final RefreshTokens refreshTokens;
  private final BrowserSessions browserSessions;
  private final ApiKeys apiKeys;

  public CredentialRevocation(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      RefreshTokens refreshTokens,
      BrowserSessions browserSessions,
      ApiKeys apiKeys) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.refreshTokens = refreshTokens;
    this.browserSessions = browserSessions;
    this.apiKeys = apiKeys;
  }

  public void revokeAll(UUID userId) {
    transaction.executeWithoutResult(
        status -> {
          jdbc.sql("update app_user set token_generation = token_generation + 1 where id = ?")
              .param(userId)
              .update();
          refreshTokens.revokeAll(userId);
          browserSessions.signOutEverywhere(userId);
          apiKeys.revokeAll(userId);
          jdbc.sql("delete from password_reset where user_id = ?").param(userId).update();
        });
  }
}
