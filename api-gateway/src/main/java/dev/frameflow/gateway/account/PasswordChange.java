package dev.frameflow.gateway.account;

import dev.frameflow.gateway.auth.AccountService;
import dev.frameflow.gateway.auth.User;
import dev.frameflow.gateway.auth.UserRepository;
import dev.frameflow.gateway.problem.ApiProblem;
import dev.frameflow.gateway.problem.ProblemType;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A signed-in user's new password: the current one is required (behind the login throttle), the new
 * one must pass the password policy, and every credential of the account is revoked with the change
 * (the caller signs in again with the new password).
 */
@Component
public class PasswordChange {

  private final AccountService accounts;
  private final UserRepository users;
  private final CredentialRevocation revocation;
  private final TransactionTemplate transaction;

  public PasswordChange(
      AccountService accounts,
      UserRepository users,
      CredentialRevocation revocation,
      TransactionTemplate transaction) {
    this.accounts = accounts;
    this.users = users;
    this.revocation = revocation;
    this.transaction = transaction;
  }

  public void change(UUID userId, String currentPassword, String newPassword, String client) {
    accounts.confirmPassword(userId, currentPassword, client);
    User user =
        users
            .findById(userId)
            .orElseThrow(
                () -> ApiProblem.of(ProblemType.UNAUTHORIZED, "the account does not exist"));
    String hash = accounts.hashNewPassword(user.email(), newPassword);
    transaction.executeWithoutResult(
        status -> {
          users.updatePasswordHash(userId, hash);
          revocation.revokeAll(userId);
        });
  }
}
