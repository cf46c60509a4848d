package dev.frameflow.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.frameflow.contracts.extraction.ExtractionLimits;
import dev.frameflow.contracts.result.ExtractorResult;
import dev.frameflow.contracts.topology.Topology;
import dev.frameflow.contracts.validation.ContractValidator;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/events.md says what the records are: same fields, examples that read and validate. */
class EventsDocumentationTest {

  private static final Path DOC = Path.of("../docs/events.md");
  private static final Set<String> COMMON =
      Set.of("schemaVersion", "eventId", "type", "videoId", "occurredAt");
  private static final ObjectMapper JSON =
      JsonMapper.builder().addModule(new JavaTimeModule()).build();

  @ParameterizedTest
  @CsvSource({
    "## `video.uploaded`, dev.frameflow.contracts.events.VideoUploadedEvent",
    "## `video.cancelled`, dev.frameflow.contracts.events.VideoCancelledEvent",
    "## `video.status`, dev.frameflow.contracts.events.VideoStatusEvent",
    "## The extractor's result, dev.frameflow.contracts.result.ExtractorResult",
    "## The extractor's progress report, dev.frameflow.contracts.progress.ProgressReport",
    "## The access grant, dev.frameflow.contracts.access.AccessGrant"
  })
  void eachSectionListsExactlyTheRecordsFieldsAndItsExampleIsValid(String heading, String type)
      throws Exception {
    Class<?> record = Class.forName(type);
    String section = section(heading);

    Set<String> documented = documentedLeaves(section);
    Set<String> declared = new TreeSet<>(leaves("", record));
    declared.removeAll(COMMON);
    assertThat(documented).as("fields documented under " + heading).isEqualTo(declared);

    Object example = JSON.readValue(firstJsonBlock(section), record);
    assertThat(ContractValidator.check(example)).as("the example of " + heading).isEmpty();
  }

  @Test
  void theCommonFieldsAreEveryEventsFirstFields() throws Exception {
    Set<String> documented = documentedLeaves(section("## Common fields"));
    assertThat(documented).isEqualTo(COMMON);
    for (Class<?> event :
        new Class<?>[] {
          VideoUploadedEvent.class, VideoCancelledEvent.class, VideoStatusEvent.class
        }) {
      assertThat(Arrays.stream(event.getRecordComponents()).limit(5).map(RecordComponent::getName))
          .containsExactly("schemaVersion", "eventId", "type", "videoId", "occurredAt");
    }
  }

  @Test
  void theTopologyAndTheLimitsAreTheContractsOwn() throws Exception {
    String doc = Files.readString(DOC);
    for (String name :
        new String[] {
          Topology.EXCHANGE,
          Topology.DEAD_LETTER_EXCHANGE,
          Topology.GATEWAY_STATUS_QUEUE,
          Topology.OPERATOR_UPLOADED_QUEUE,
          Topology.OPERATOR_CANCELLED_QUEUE,
          Topology.UPLOADED_ROUTING_KEY,
          Topology.CANCELLED_ROUTING_KEY,
          Topology.STATUS_ROUTING_KEY
        }) {
      assertThat(doc).contains("`" + name + "`");
    }
    assertThat(doc)
        .contains("> 0 and ≤ " + (int) ExtractionLimits.MAX_FPS)
        .contains(
            "1/"
                + (int) ExtractionLimits.MAX_FPS
                + " to "
                + (int) ExtractionLimits.MAX_INTERVAL_SECONDS)
        .contains(ExtractionLimits.MIN_QUALITY + " (best) to " + ExtractionLimits.MAX_QUALITY)
        .contains("1 to " + ExtractionLimits.MAX_FRAMES)
        .contains(ExtractionLimits.MIN_WIDTH + " to " + ExtractionLimits.MAX_WIDTH + " pixels")
        .contains("at most " + ExtractorResult.MAX_BYTES + " bytes")
        .contains("at most " + VideoStatusEvent.MAX_REASON_CHARS + " characters");
  }

  private static String section(String heading) throws Exception {
    String doc = Files.readString(DOC);
    int start = doc.indexOf(heading + "\n");
    assertThat(start).as(heading + " in docs/events.md").isNotNegative();
    int end = doc.indexOf("\n## ", start + heading.length());
    return end < 0 ? doc.substring(start) : doc.substring(start, end);
  }

  private static String firstJsonBlock(String section) {
    Matcher json = Pattern.compile("```json\n(.*?)```", Pattern.DOTALL).matcher(section);
    assertThat(json.find()).as("a JSON example").isTrue();
    return json.group(1);
  }

  /** The first column of every table row, each backticked name in it; containers dropped. */
  private static Set<String> documentedLeaves(String section) {
    Set<String> names = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| (`[^|]+) \\|").matcher(section);
    while (row.find()) {
      Matcher name = Pattern.compile("`([^`]+)`").matcher(row.group(1));
      while (name.find()) {
        names.add(name.group(1));
      }
    }
    return names.stream()
        .filter(n -> names.stream().noneMatch(other -> other.startsWith(n + ".")))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Dotted names of a record's leaf fields: nested records are walked, the rest are leaves. */
  private static Set<String> leaves(String prefix, Class<?> type) {
    Set<String> names = new TreeSet<>();
    for (RecordComponent component : type.getRecordComponents()) {
      String name = prefix + component.getName();
      if (component.getType().isRecord()) {
        names.addAll(leaves(name + ".", component.getType()));
      } else {
        names.add(name);
      }
    }
    return names;
  }
}
