package dev.frameflow.testing.conformance;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Appends what a stand-in saw to {@code <frameflow.conformance.dir>/<kind>/*.jsonl}, one JSON
 * object a line, each distinct line once per JVM; {@code scripts/check-conformance} evaluates them
 * against the deployment's rules (see {@code docs/conformance.md}). Without the system property (a
 * test started from an IDE), nothing is written.
 */
public final class ConformanceLog {

  public static final String DIRECTORY_PROPERTY = "frameflow.conformance.dir";

  private static final Map<String, ConformanceLog> LOGS = new ConcurrentHashMap<>();
  private static final AtomicInteger FILES = new AtomicInteger();

  private final Path file;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private BufferedWriter writer;

  private ConformanceLog(Path file) {
    this.file = file;
  }

  /** The log of one kind of record ({@code s3-requests}, {@code k8s-requests}) of this JVM. */
  public static ConformanceLog of(String kind) {
    return LOGS.computeIfAbsent(kind, ConformanceLog::open);
  }

  private static ConformanceLog open(String kind) {
    String directory = System.getProperty(DIRECTORY_PROPERTY);
    if (directory == null || directory.isBlank()) {
      return new ConformanceLog(null);
    }
    String name = ProcessHandle.current().pid() + "-" + FILES.incrementAndGet() + ".jsonl";
    return new ConformanceLog(Path.of(directory, kind, name));
  }

  /** Writes one record (string, boolean or null values), unless this JVM wrote it already. */
  public void write(Map<String, ?> record) {
    if (file == null) {
      return;
    }
    String line = json(record);
    if (!written.add(line)) {
      return;
    }
    synchronized (this) {
      try {
        if (writer == null) {
          Files.createDirectories(file.getParent());
          writer =
              Files.newBufferedWriter(
                  file,
                  StandardCharsets.UTF_8,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.APPEND);
        }
        writer.write(line);
        writer.newLine();
        writer.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot record to " + file, e);
      }
    }
  }

  /** A record with the fields in the order given, and the test that is running. */
  public static Map<String, Object> record(Object... keysAndValues) {
    Map<String, Object> record = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      record.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    record.put("test", CurrentTest.name());
    return record;
  }

  static String json(Map<String, ?> record) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, ?> field : record.entrySet()) {
      if (json.length() > 1) {
        json.append(',');
      }
      quote(json, field.getKey());
      json.append(':');
      Object value = field.getValue();
      if (value == null || value instanceof Boolean || value instanceof Number) {
        json.append(value);
      } else {
        quote(json, value.toString());
      }
    }
    return json.append('}').toString();
  }

  private static void quote(StringBuilder json, String text) {
    json.append('"');
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
