package dev.frameflow.gateway.outbound;

/**
 * A URL or address that outbound requests must not reach. The message says why, resolved addresses
 * included, for the log; {@link #publicReason()} is what the user is told: it never names an
 * address the gateway resolved (which would map internal names for anyone who asks).
 */
public class BlockedDestinationException extends RuntimeException {

  private final String publicReason;

  public BlockedDestinationException(String reason) {
    this(reason, reason);
  }

  public BlockedDestinationException(String reason, String publicReason) {
    super(reason);
    this.publicReason = publicReason;
  }

  public String publicReason() {
    return publicReason;
  }
}
