package dev.frameflow.gateway.status;

/** An event that can never be applied (malformed, or about a video we do not have). */
public class InvalidStatusEventException extends RuntimeException {

  public InvalidStatusEventException(String message) {
    super(message);
  }
}
