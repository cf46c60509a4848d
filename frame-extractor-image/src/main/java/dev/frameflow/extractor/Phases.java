package dev.frameflow.extractor;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.io.IOException;

/**
 * The extraction's phases (open, index, decode, zip, upload) as spans, children of the span current
 * when the extraction started (the CLI's, continuing the pod's {@code TRACEPARENT}). With the
 * default no-op tracer a phase costs a method call: nothing is recorded or sent.
 */
public final class Phases {

  /** The phases' names: what an operator finds in the trace. */
  public static final String OPEN = "open";

  public static final String INDEX = "index";
  public static final String DECODE = "decode";
  public static final String ZIP = "zip";
  public static final String UPLOAD = "upload";

  static final Phases NONE = new Phases(OpenTelemetry.noop().getTracer("dev.frameflow.extractor"));

  private final Tracer tracer;

  public Phases(Tracer tracer) {
    this.tracer = tracer;
  }

  /** A phase's work, which may fail as the extraction does. */
  public interface Work<T> {
    T run() throws IOException, InterruptedException;
  }

  /** Runs {@code work} as the span {@code name}; a failure marks the span (type only). */
  public <T> T run(String name, Work<T> work) throws IOException, InterruptedException {
    Span span = tracer.spanBuilder(name).startSpan();
    try (Scope scope = span.makeCurrent()) {
      return work.run();
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }
}
