package dev.frameflow.gateway.outbound;

/** A URL or address that webhooks must not reach; the message says why. */
public class BlockedDestinationException extends RuntimeException {

  public BlockedDestinationException(String reason) {
    super(reason);
  }
}
