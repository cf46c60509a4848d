package dev.frameflow.extractor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** A ZIP read back: entries in order, their methods and bytes, and the parsed manifest. */
public record ZipContents(Map<String, byte[]> entries, Map<String, Integer> methods) {

  public static ZipContents of(Path zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    Map<String, Integer> methods = new LinkedHashMap<>();
    // ZipFile reads the central directory, so this also checks the archive is complete
    try (ZipFile file = new ZipFile(zip.toFile())) {
      var all = file.entries();
      while (all.hasMoreElements()) {
        ZipEntry entry = all.nextElement();
        try (InputStream in = file.getInputStream(entry)) {
          entries.put(entry.getName(), in.readAllBytes());
        }
        methods.put(entry.getName(), entry.getMethod());
      }
    }
    return new ZipContents(entries, methods);
  }

  public static ZipContents of(byte[] zip) throws IOException {
    Path file = Files.createTempFile("zip-contents-", ".zip");
    try {
      Files.write(file, zip);
      return of(file);
    } finally {
      Files.delete(file);
    }
  }

  /** Checks the bytes also read as a stream (what a client downloading it would do). */
  public static int streamedEntryCount(byte[] zip) throws IOException {
    int count = 0;
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      while (in.getNextEntry() != null) {
        count++;
      }
    }
    return count;
  }

  public List<String> frameNames() {
    List<String> names = new ArrayList<>(entries.keySet());
    names.remove("manifest.json");
    return names;
  }

  public List<byte[]> frames() {
    return frameNames().stream().map(entries::get).toList();
  }

  public List<Integer> frameNumbers() throws IOException {
    List<Integer> numbers = new ArrayList<>();
    for (byte[] frame : frames()) {
      numbers.add(FrameNumbers.read(frame));
    }
    return numbers;
  }

  public JsonNode manifest() throws IOException {
    return new ObjectMapper().readTree(entries.get("manifest.json"));
  }
}
