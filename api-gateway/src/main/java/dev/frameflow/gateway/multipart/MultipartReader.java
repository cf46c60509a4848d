package dev.frameflow.gateway.multipart;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code multipart/form-data} body (RFC 7578) as a stream of parts, one at a time, never
 * holding more than its 64 KiB buffer. Written for the upload path after profiling showed the
 * byte-by-byte boundary search of commons-fileupload2 taking most of the service's CPU on large
 * uploads: the delimiter is found with a Boyer-Moore-Horspool scan, which skips ahead by up to the
 * delimiter's length (~40 bytes) per comparison.
 */
public final class MultipartReader {

  /** One part; read {@link #body()} to its end (or not at all) before asking for the next. */
  public record Part(String fieldName, String fileName, String contentType, InputStream body) {
    public boolean isFile() {
      return fileName != null;
    }
  }

  private static final int BUFFER_SIZE = 64 * 1024;
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final Pattern BOUNDARY =
      Pattern.compile("(?i)boundary=(?:\"([^\"]{1,70})\"|([^;\\s]{1,70}))");
  private static final Pattern PARAMETER =
      Pattern.compile(";\\s*([a-zA-Z*]+)\\s*=\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([^;\\s]*))");

  private final InputStream in;
  private final byte[] delimiter; // CRLF "--" boundary
  private final int[] skip = new int[256];
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int position;
  private int limit;
  private boolean started;
  private boolean finished;
  private PartBody current;
  // part headers, form fields and preamble: bounded, unlike file content
  private final long maxNonFileBytes;
  private long nonFileBytes;

  public MultipartReader(InputStream in, String boundary) {
    this(in, boundary, Long.MAX_VALUE);
  }

  public MultipartReader(InputStream in, String boundary, long maxNonFileBytes) {
    this.in = in;
    this.maxNonFileBytes = maxNonFileBytes;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    java.util.Arrays.fill(skip, delimiter.length);
    for (int i = 0; i < delimiter.length - 1; i++) {
      skip[delimiter[i] & 0xff] = delimiter.length - 1 - i;
    }
    // the first delimiter has no CRLF before it: pretend it had, so one search fits all
    buffer[0] = '\r';
    buffer[1] = '\n';
    limit = 2;
  }

  public static boolean isMultipartFormData(String contentType) {
    return contentType != null
        && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
  }

  public static Optional<String> boundaryOf(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    Matcher m = BOUNDARY.matcher(contentType);
    return m.find() ? Optional.of(m.group(1) != null ? m.group(1) : m.group(2)) : Optional.empty();
  }

  /** The next part, or {@code null} after the closing delimiter. */
  public Part next() throws IOException {
    if (!started) {
      started = true;
      current = new PartBody(true); // the preamble, up to the first delimiter
    }
    if (current != null) {
      current.skipRest();
      current = null;
    }
    if (finished) {
      return null;
    }
    String headers = readHeaders();
    String disposition = header(headers, "content-disposition");
    if (disposition == null || !disposition.toLowerCase(Locale.ROOT).startsWith("form-data")) {
      throw new MalformedMultipartException("a part has no form-data Content-Disposition");
    }
    String name = parameter(disposition, "name");
    String fileName = parameter(disposition, "filename");
    current = new PartBody(fileName == null);
    return new Part(name, fileName, header(headers, "content-type"), current);
  }

  // after a delimiter: "--" closes the body, CRLF starts the next part's headers
  private void afterDelimiter() throws IOException {
    ensure(2);
    if (buffer[position] == '-' && buffer[position + 1] == '-') {
      finished = true;
      return;
    }
    while (buffer[position] == ' ' || buffer[position] == '\t') { // transport padding
      position++;
      ensure(2);
    }
    if (buffer[position] != '\r' || buffer[position + 1] != '\n') {
      throw new MalformedMultipartException("a delimiter is not followed by CRLF");
    }
    position += 2;
  }

  private String readHeaders() throws IOException {
    int scanned = 0; // bytes after position known not to start the blank line
    while (true) {
      for (int i = position + scanned; i + 3 < limit; i++) {
        if (buffer[i] == '\r'
            && buffer[i + 1] == '\n'
            && buffer[i + 2] == '\r'
            && buffer[i + 3] == '\n') {
          String headers = new String(buffer, position, i - position, StandardCharsets.UTF_8);
          countNonFile(i + 4 - position);
          position = i + 4;
          return headers;
        }
      }
      scanned = Math.max(0, limit - position - 3);
      if (limit - position >= MAX_HEADER_BYTES) {
        throw new MalformedMultipartException("part headers are too long");
      }
      int before = limit - position;
      if (!fillMore() || limit - position == before) {
        throw new MalformedMultipartException("the body ended inside part headers");
      }
    }
  }

  private static String header(String headers, String name) {
    for (String line : headers.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase(name)) {
        return line.substring(colon + 1).strip();
      }
    }
    return null;
  }

  private static String parameter(String disposition, String name) {
    Matcher m = PARAMETER.matcher(disposition);
    while (m.find()) {
      if (m.group(1).equalsIgnoreCase(name)) {
        return m.group(2) != null ? m.group(2).replaceAll("\\\\(.)", "$1") : m.group(3);
      }
    }
    return null;
  }

  private void countNonFile(long bytes) throws IOException {
    nonFileBytes += bytes;
    if (nonFileBytes > maxNonFileBytes) {
      throw new TooMuchOutsideFilesException(maxNonFileBytes);
    }
  }

  /** Makes at least {@code count} unread bytes available, or fails at the end of input. */
  private void ensure(int count) throws IOException {
    while (limit - position < count) {
      if (!fillMore()) {
        throw new MalformedMultipartException("the body ended unexpectedly");
      }
    }
  }

  /** Moves unread bytes to the front and reads more; false at the end of input. */
  private boolean fillMore() throws IOException {
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      if (current != null) {
        current.shift(position);
      }
      position = 0;
    }
    if (limit == buffer.length) {
      return true; // full: the caller has room to look at
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n < 0) {
      return false;
    }
    limit += n;
    return true;
  }

  /** Horspool search for the delimiter in buffer[from, limit); -1 when absent. */
  private int findDelimiter(int from) {
    int last = delimiter.length - 1;
    int i = from;
    while (i + last < limit) {
      int j = last;
      while (j >= 0 && buffer[i + j] == delimiter[j]) {
        j--;
      }
      if (j < 0) {
        return i;
      }
      i += skip[buffer[i + last] & 0xff];
    }
    return -1;
  }

  /** The body of the current part: everything up to the next delimiter. */
  private final class PartBody extends InputStream {
    private final boolean outsideFiles;
    private boolean ended;
    private int delimiterAt = -1; // where the delimiter starts, once seen
    private int scannedTo = -1; // no delimiter starts before this index

    PartBody(boolean outsideFiles) {
      this.outsideFiles = outsideFiles;
    }

    void shift(int by) {
      if (delimiterAt >= 0) {
        delimiterAt -= by;
      }
      scannedTo = Math.max(-1, scannedTo - by);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
      if (ended) {
        return -1;
      }
      if (length == 0) {
        return 0;
      }
      while (true) {
        int available = availableBeforeDelimiter();
        if (available > 0) {
          int n = Math.min(available, length);
          System.arraycopy(buffer, position, target, offset, n);
          position += n;
          if (outsideFiles) {
            countNonFile(n);
          }
          return n;
        }
        if (delimiterAt == position) {
          position += delimiter.length;
          ended = true;
          afterDelimiter();
          return -1;
        }
        if (!fillMoreKeepingState()) {
          throw new MalformedMultipartException("the body ended inside a part");
        }
      }
    }

    private boolean fillMoreKeepingState() throws IOException {
      int before = limit - position;
      boolean more = fillMore();
      return more && limit - position > before;
    }

    // bytes from position that certainly belong to this part
    private int availableBeforeDelimiter() {
      if (delimiterAt < 0) {
        int from = Math.max(position, scannedTo);
        int found = findDelimiter(from);
        if (found >= 0) {
          delimiterAt = found;
        } else {
          // a delimiter may still start in the last (length - 1) bytes
          scannedTo = Math.max(position, limit - delimiter.length + 1);
          return scannedTo - position;
        }
      }
      return delimiterAt - position;
    }

    void skipRest() throws IOException {
      byte[] sink = new byte[8192];
      while (read(sink, 0, sink.length) >= 0) {
        // discard
      }
    }
  }

  /** More bytes of headers, fields and preamble than allowed: answered 413. */
  public static final class TooMuchOutsideFilesException extends IOException {
    TooMuchOutsideFilesException(long limit) {
      super("more than " + limit + " bytes of part headers and form fields");
    }
  }

  /** The body is not valid multipart/form-data. */
  public static final class MalformedMultipartException extends IOException {
    MalformedMultipartException(String message) {
      super(message);
    }
  }
}
