package dev.frameflow.gateway.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/api-errors.md lists exactly the problem types the API answers, with their status. */
class ApiErrorsDocumentationTest {

  // a table row: | `code` | status | ...
  private static final Pattern ROW =
      Pattern.compile("^\\|\\s*`([a-z-]+)`\\s*\\|\\s*(\\d{3})\\s*\\|");

  @Test
  void everyProblemTypeIsDocumentedWithItsStatusAndNothingElseIs() throws Exception {
    Path doc = Path.of("..", "docs", "api-errors.md");
    Set<String> documented = new LinkedHashSet<>();
    for (String line : Files.readAllLines(doc)) {
      Matcher row = ROW.matcher(line);
      if (row.find()) {
        documented.add(row.group(1) + " " + row.group(2));
      }
    }
    Set<String> defined =
        Arrays.stream(ProblemType.values())
            .map(t -> t.code() + " " + t.status().value())
            .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(defined);
  }

  @Test
  void typeUrisAreStableAndUnique() {
    assertThat(ProblemType.UPLOAD_TOO_SLOW.uri().toString())
        .isEqualTo("https://frameflow.dev/problems/upload-too-slow");
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::code).distinct().count())
        .isEqualTo(ProblemType.values().length);
  }
}
