package dev.frameflow.gateway.notify;

/** One email, in both a plain-text and an HTML version. */
public record OutgoingMail(String to, String subject, String text, String html) {}
