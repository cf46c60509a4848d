package dev.frameflow.gateway.video;

import dev.frameflow.gateway.problem.ApiProblem;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.TomcatContextCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * How a request whose body was not read to its end (refused before or while reading it) is
 * answered: its connection closes after the answer, and the rest of the body is not read. Tomcat
 * would otherwise read and throw away up to {@code server.tomcat.max-swallow-size} of it after the
 * answer, even with {@code Connection: close}, holding a request thread for as long as a trickling
 * client likes. The valve turns an answer marked {@code Connection: close} into "close now, read
 * nothing more".
 */
@Component
public class UnreadBody implements TomcatContextCustomizer {

  /** Marks the answer: the connection closes after it, the body is not read further. */
  public static ApiProblem refuse(HttpServletResponse response, ApiProblem problem) {
    response.setHeader(HttpHeaders.CONNECTION, "close");
    return problem;
  }

  @Override
  public void customize(Context context) {
    context.getPipeline().addValve(new CloseWithoutSwallowing());
  }

  private static final class CloseWithoutSwallowing extends ValveBase {

    CloseWithoutSwallowing() {
      super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
      getNext().invoke(request, response);
      if ("close".equalsIgnoreCase(response.getHeader(HttpHeaders.CONNECTION))
          && !request.isAsync()) {
        // the answer is complete (written to its end, so that error handling after this cannot add
        // to it), then what Tomcat itself does for an aborted multipart upload
        response.finishResponse();
        request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
      }
    }
  }
}
