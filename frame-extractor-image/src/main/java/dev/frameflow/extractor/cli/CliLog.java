package dev.frameflow.extractor.cli;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;

/**
 * The CLI's log lines. Plain text by default ({@code progress 40%}, {@code result {...}}), or with
 * {@code FRAMEFLOW_LOG_JSON=true} (what the operator sets on extraction Jobs) one JSON object per
 * line in the Elastic Common Schema shape the api-gateway and the operator use, so one log pipeline
 * reads all three.
 */
final class CliLog {

  static final String JSON_VARIABLE = "FRAMEFLOW_LOG_JSON";

  private final boolean json;
  private final PrintStream out;
  private final PrintStream err;

  /** JSON fields every line carries (the run's trace and video), each starting with a comma. */
  private String fields = "";

  CliLog(Map<String, String> env, PrintStream out, PrintStream err) {
    this.json = "true".equalsIgnoreCase(String.valueOf(env.get(JSON_VARIABLE)).trim());
    this.out = out;
    this.err = err;
  }

  /** Every JSON line from now on also carries {@code fields} ({@code ,"trace_id":"..."}). */
  void withFields(String fields) {
    this.fields = fields;
  }

  void progress(int percent) {
    if (json) {
      out.println(line("INFO", "progress " + percent + "%", ",\"frameflow.progress\":" + percent));
    } else {
      out.println("progress " + percent + "%");
    }
  }

  /** The result line; {@code resultJson} is already JSON. */
  void result(String resultJson) {
    if (json) {
      out.println(line("INFO", "result", ",\"frameflow.result\":" + resultJson));
    } else {
      out.println("result " + resultJson);
    }
  }

  /**
   * A line of a long-running command ({@code serve}); {@code extra} are JSON fields, each starting
   * with a comma, left out of the plain text.
   */
  void info(String message, String extra) {
    out.println(json ? line("INFO", message, extra) : message);
  }

  /** Something retried or worked around: on stderr, the pod's log, the run goes on. */
  void warn(String message) {
    err.println(json ? line("WARN", message, "") : message);
  }

  void error(String message) {
    err.println(json ? line("ERROR", message, "") : message);
  }

  private String line(String level, String message, String extra) {
    return "{\"@timestamp\":\""
        + Instant.now()
        + "\",\"log.level\":\""
        + level
        + "\",\"message\":\""
        + escape(message)
        + "\",\"service.name\":\"frame-extractor\",\"log.logger\":\"dev.frameflow.extractor.cli\""
        + fields
        + extra
        + ",\"ecs.version\":\"8.11\"}";
  }

  private static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> escaped.append("\\\"");
        case '\\' -> escaped.append("\\\\");
        case '\n' -> escaped.append("\\n");
        case '\r' -> escaped.append("\\r");
        case '\t' -> escaped.append("\\t");
        default -> {
          if (c < 0x20) {
            escaped.append(String.format("\\u%04x", (int) c));
          } else {
            escaped.append(c);
          }
        }
      }
    }
    return escaped.toString();
  }
}
