package dev.frameflow.gateway.auth;

import java.sql.Timestamp;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

  private final JdbcClient jdbc;

  public UserRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Inserts the user; false when the email is already taken. */
  public boolean insert(User user) {
    try {
      jdbc.sql(
              "insert into app_user (id, email, name, password_hash, created_at)"
                  + " values (?, ?, ?, ?, ?)")
          .params(
              user.id(),
              user.email(),
              user.name(),
              user.passwordHash(),
              Timestamp.from(user.createdAt()))
          .update();
      return true;
    } catch (DuplicateKeyException taken) {
      return false;
    }
  }

  public Optional<User> findByEmail(String email) {
    return jdbc.sql("select * from app_user where email = ?")
        .param(email)
        .query(this::map)
        .optional();
  }

  /** Whether the user confirmed their address (mail with user-chosen text goes only there). */
  public boolean isVerified(UUID id) {
    return jdbc.sql("select email_verified_at is not null from app_user where id = ?")
        .param(id)
        .query(Boolean.class)
        .optional()
        .orElse(false);
  }

  /** Replaces the password hash; false when the account no longer exists. */
  public boolean updatePasswordHash(UUID id, String passwordHash) {
    return jdbc.sql("update app_user set password_hash = ? where id = ?")
            .params(passwordHash, id)
            .update()
        == 1;
  }

  public Optional<User> findById(UUID id) {
    return jdbc.sql("select * from app_user where id = ?").param(id).query(this::map).optional();
  }

  private User map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    return new User(
        rs.getObject("id", UUID.class),
        rs.getString("email"),
        rs.getString("name"),
        rs.getString("password_hash"),
        rs.getTimestamp("created_at").toInstant());
  }
}
