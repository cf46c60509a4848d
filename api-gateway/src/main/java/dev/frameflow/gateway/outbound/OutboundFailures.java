package dev.frameflow.gateway.outbound;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.MessageConstraintException;
import org.apache.hc.core5.http.ProtocolException;

/**
 * Words an outbound exchange's failure for the user who named the URL. HttpClient's own messages
 * name the address it connected to ("Connect to http://host:80 [host/10.0.3.7] failed"): for a
 * name, that is an address the gateway resolved, which the user must not learn (a map of the
 * network for whoever asks). These sentences name nothing but the kind of failure.
 */
public final class OutboundFailures {

  private OutboundFailures() {}

  public static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof GuardedHttpClients.BlockedHostException blocked) {
        return blocked.publicReason();
      }
      if (t instanceof MessageConstraintException) {
        return "the server's response headers are larger than allowed";
      }
      if (t instanceof UnknownHostException) {
        return "the host does not resolve";
      }
      if (t instanceof ConnectException || t instanceof NoRouteToHostException) {
        return "the server could not be reached";
      }
      if (t instanceof SocketTimeoutException) {
        return "the server stopped answering";
      }
      if (t instanceof SSLException) {
        return "the TLS handshake with the server failed";
      }
      if (t instanceof ConnectionClosedException) {
        return "the server closed the connection early";
      }
      if (t instanceof ProtocolException) {
        return "the server's answer is not valid HTTP";
      }
    }
    return "the connection to the server failed";
  }
}
