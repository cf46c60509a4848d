package dev.frameflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of the CEL expressions of an admission policy, checked without a kube-apiserver:
 * brackets and quotes balance, and every name an expression starts from is one CEL gives a
 * ValidatingAdmissionPolicy (object, params, variables, request), a macro variable, or a function.
 */
final class Cel {

  private static final Set<String> ROOTS =
      Set.of("object", "oldObject", "params", "variables", "request", "authorizer");
  private static final Set<String> FUNCTIONS_AND_LITERALS =
      Set.of("has", "size", "true", "false", "null", "in", "int", "string", "matches");
  private static final Pattern STRING = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MACRO =
      Pattern.compile("\\.(all|exists|exists_one|map|filter)\\((\\w+),");
  private static final Pattern NAME = Pattern.compile("(?<![\\w.])([A-Za-z_]\\w*)");

  private Cel() {}

  static void assertWellFormed(String expression) {
    String code = STRING.matcher(expression).replaceAll("''");
    assertThat(code).as("unterminated string in %s", expression).doesNotContain("'''");
    assertThat(code.chars().filter(c -> c == '\'').count() % 2).as(expression).isZero();
    int depth = 0;
    StringBuilder open = new StringBuilder();
    for (char c : code.toCharArray()) {
      if (c == '(' || c == '[') {
        open.append(c);
        depth++;
      } else if (c == ')' || c == ']') {
        assertThat(depth).as("unbalanced %s in %s", c, expression).isPositive();
        char last = open.charAt(open.length() - 1);
        assertThat(last).as("mismatched %s in %s", c, expression).isEqualTo(c == ')' ? '(' : '[');
        open.setLength(open.length() - 1);
        depth--;
      }
    }
    assertThat(depth).as("unclosed bracket in %s", expression).isZero();
    List<String> bound = new ArrayList<>();
    Matcher macro = MACRO.matcher(code);
    while (macro.find()) {
      bound.add(macro.group(2));
    }
    Matcher name = NAME.matcher(code);
    while (name.find()) {
      String root = name.group(1);
      assertThat(
              ROOTS.contains(root) || FUNCTIONS_AND_LITERALS.contains(root) || bound.contains(root))
          .as("%s: unknown name %s", expression, root)
          .isTrue();
    }
  }

  /** The string literals of the first list literal, e.g. ['work', 'tmp'] -> [work, tmp]. */
  static List<String> stringList(String expression) {
    Matcher list = Pattern.compile("\\[('[^']*'(?:\\s*,\\s*'[^']*')*)\\]").matcher(expression);
    assertThat(list.find()).as("a list literal in %s", expression).isTrue();
    List<String> items = new ArrayList<>();
    Matcher item = STRING.matcher(list.group(1));
    while (item.find()) {
      items.add(item.group().substring(1, item.group().length() - 1));
    }
    return items;
  }
}
