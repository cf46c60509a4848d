package dev.frameflow.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No method of the operator's production code runs over {@link #MAX_LINES} lines (from the line of
 * its opening brace to the line of its closing one): a longer one is several steps that want names
 * of their own. Read with a brace counter over the source without comments and literals, which is
 * enough for code formatted by the build.
 */
class MethodLengthTest {

  static final int MAX_LINES = 60;

  private static final Pattern TYPE =
      Pattern.compile("\\b(class|interface|enum|record)\\s+[A-Z]\\w*");
  private static final Pattern METHOD_HEADER =
      Pattern.compile("\\)\\s*(throws\\s+[\\w\\s,.]+)?$", Pattern.DOTALL);

  record Method(Path file, int line, int lines) {
    @Override
    public String toString() {
      return file + ":" + line + " (" + lines + " lines)";
    }
  }

  @Test
  void noProductionMethodIsLongerThanSixtyLines() throws IOException {
    List<Method> tooLong = new ArrayList<>();
    int read = 0;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        for (Method method : methods(file)) {
          read++;
          if (method.lines() > MAX_LINES) {
            tooLong.add(method);
          }
        }
      }
    }
    assertThat(read).as("methods read").isGreaterThan(300);
    assertThat(tooLong).isEmpty();
  }

  @Test
  void theCounterFindsMethodsAndTheirLengths() {
    String source =
        """
        class A {
          private final Runnable r = new Runnable() {
            public void run() {
              int x = 1;
            }
          };
          /** a { brace in a comment */
          A() throws java.io.IOException {
            String s = "}";
            if (s.isEmpty()) {
              s = "{";
            }
          }
        }
        """;
    assertThat(methods(Path.of("A.java"), source))
        .extracting(Method::line, Method::lines)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(3, 3), org.assertj.core.groups.Tuple.tuple(8, 6));
  }

  private static List<Method> methods(Path file) throws IOException {
    return methods(file, Files.readString(file));
  }

  private enum Block {
    TYPE,
    METHOD,
    OTHER
  }

  /** The methods and constructors of the types in {@code source}, with their lengths. */
  static List<Method> methods(Path file, String source) {
    String code = withoutCommentsAndLiterals(source);
    List<Method> found = new ArrayList<>();
    Deque<Block> blocks = new ArrayDeque<>();
    Deque<Integer> starts = new ArrayDeque<>();
    StringBuilder header = new StringBuilder();
    int line = 1;
    for (char c : code.toCharArray()) {
      if (c == '\n') {
        line++;
      }
      if (c == '{') {
        blocks.push(kind(header.toString().strip(), blocks.peek()));
        starts.push(line);
        header.setLength(0);
      } else if (c == '}') {
        Block closed = blocks.pop();
        int start = starts.pop();
        if (closed == Block.METHOD) {
          found.add(new Method(file, start, line - start + 1));
        }
        header.setLength(0);
      } else if (c == ';') {
        header.setLength(0);
      } else {
        header.append(c);
      }
    }
    return found;
  }

  private static Block kind(String header, Block parent) {
    if (parent == null || TYPE.matcher(header).find()) {
      return Block.TYPE;
    }
    if (parent != Block.TYPE) {
      return Block.OTHER; // a block, lambda or anonymous class inside a method: part of it
    }
    if (header.matches("(?s).*\\bnew\\b.*")) {
      return Block.TYPE; // an anonymous class in a field's initializer
    }
    if (header.contains("->") || !METHOD_HEADER.matcher(header).find()) {
      return Block.OTHER; // an initializer
    }
    return Block.METHOD;
  }

  /** The source with comments, strings and characters blanked out, its lines kept. */
  private static String withoutCommentsAndLiterals(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        while (i < source.length() && source.charAt(i) != '\n') {
          i++;
        }
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        end = end < 0 ? source.length() : end + 2;
        source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        i = end;
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        end = end < 0 ? source.length() : end + 3;
        source.substring(i, end).chars().filter(ch -> ch == '\n').forEach(ch -> out.append('\n'));
        out.append("\"\"");
        i = end;
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < source.length() && source.charAt(j) != c) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        out.append(c).append(c);
        i = j + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
