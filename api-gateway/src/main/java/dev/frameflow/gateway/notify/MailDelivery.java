package dev.frameflow.gateway.notify;

/**
 * Where emails go: SMTP in production, a directory of {@code .eml} files in the standalone mode
 * ({@code frameflow.mail.mode=smtp|mailbox}). Throws when the mail was not accepted.
 */
public interface MailDelivery {

  void deliver(OutgoingMail mail) throws Exception;
}
