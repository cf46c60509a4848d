package dev.frameflow.objectstreams;

/** The stream grew past the size it may reach; the upload was not completed. */
public class ObjectTooLargeException extends RuntimeException {

  private final long maxBytes;

  public ObjectTooLargeException(long maxBytes) {
    super("larger than " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  public long maxBytes() {
    return maxBytes;
  }
}
