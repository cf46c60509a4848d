package dev.frameflow.extractor.storage;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where the ZIP is streamed. Nothing is visible at the destination until {@link #commit()}; {@link
 * #abort()} throws away what was written (an earlier object at the same place stays untouched).
 */
public interface ZipDestination {

  OutputStream stream();

  /** Makes the written bytes the object/file; returns how many bytes it holds. */
  long commit() throws IOException;

  /** Discards everything written; never throws. */
  void abort();
}
