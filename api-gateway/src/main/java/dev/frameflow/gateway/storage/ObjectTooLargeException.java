package dev.frameflow.gateway.storage;

/** The stream grew past the allowed size; nothing was kept. */
public class ObjectTooLargeException extends RuntimeException {

  public ObjectTooLargeException(long maxBytes) {
    super("larger than " + maxBytes + " bytes");
  }
}
