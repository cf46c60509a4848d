package dev.frameflow.gateway.problem;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problem JSON from places that run before MVC: security and servlet filters. */
@Component
public class ProblemJsonWriter {

  private final JsonMapper json;

  public ProblemJsonWriter(JsonMapper json) {
    this.json = json;
  }

  public void write(HttpServletResponse response, HttpStatus status, String title, String detail)
      throws IOException {
    write(response, ProblemType.forStatus(status.value()), status, title, detail);
  }

  public void write(HttpServletResponse response, ProblemType type, String detail)
      throws IOException {
    write(response, type, type.status(), type.title(), detail);
  }

  private void write(
      HttpServletResponse response,
      ProblemType type,
      HttpStatus status,
      String title,
      String detail)
      throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", type.uri().toString());
    body.put("code", type.code());
    body.put("title", title);
    body.put("status", status.value());
    body.put("detail", detail);
    response.setStatus(status.value());
    response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
    response.getOutputStream().write(json.writeValueAsBytes(body));
  }
}
