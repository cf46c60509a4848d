package dev.frameflow.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.frameflow.contracts.extraction.ExtractionOptionsForm;
import dev.frameflow.contracts.extraction.ExtractorFlags;
import dev.frameflow.contracts.topology.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contract is declared once: no other module's production code declares a type of the same
 * name, types a broker name or event type as a literal, types an extraction option's name or bound,
 * or a flag of the extractor's Job command line. This is what keeps the api-gateway, the bridge,
 * the CRD and the extractor from drifting apart again.
 */
class DeclaredOnceTest {

  private static final Path ROOT = Path.of("..");
  private static final Set<String> BOUNDS =
      Set.of("120", "7680", "100_000", "100000", "86_400", "86400", "16384", "0.008", "0.001");
  private static final Pattern OPTION_NAMES =
      Pattern.compile("\\b(fps|intervalSeconds|maxFrames|quality|width)\\b");
  private static final Pattern NUMBER = Pattern.compile("(?<![\\w.])(\\d[\\d_]*(?:\\.\\d+)?)");

  @Test
  void noOtherModuleDeclaresATypeOfTheContract() {
    Set<String> contractTypes =
        sources(ROOT.resolve("contracts/src/main/java"))
            .map(p -> p.getFileName().toString().replace(".java", ""))
            .collect(Collectors.toSet());
    assertThat(contractTypes).contains("ExtractionOptions", "VideoStatusEvent", "Topology");
    List<String> redeclared = new ArrayList<>();
    for (Path file : productionSourcesOutsideContracts()) {
      String text = read(file);
      for (String type : contractTypes) {
        if (Pattern.compile("\\b(class|record|enum|interface) " + type + "\\b")
            .matcher(text)
            .find()) {
          redeclared.add(ROOT.relativize(file) + " declares " + type);
        }
      }
    }
    assertThat(redeclared).isEmpty();
  }

  @Test
  void noOtherModuleTypesABrokerNameOrAnEventType() throws Exception {
    List<String> names = new ArrayList<>();
    for (Field field : Topology.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
        names.add((String) field.get(null));
      }
    }
    assertThat(names).contains("frameflow.events", "video.status");
    List<String> typedAgain = new ArrayList<>();
    List<Path> files = new ArrayList<>(productionSourcesOutsideContracts());
    files.addAll(resourcesOutsideContracts());
    for (Path file : files) {
      String text = read(file);
      for (String name : names) {
        if (name.startsWith(".")) {
          continue; // the dead-letter suffix
        }
        // a Java string literal, or a YAML / properties value; prose in comments may name it
        Pattern literal =
            Pattern.compile(
                "\"" + Pattern.quote(name) + "\"|(?m)[:=]\\s*" + Pattern.quote(name) + "\\s*$");
        if (literal.matcher(text).find()) {
          typedAgain.add(ROOT.relativize(file) + " types " + name);
        }
      }
    }
    assertThat(typedAgain).isEmpty();
  }

  @Test
  void noOtherModuleTypesAnExtractionOptionBound() {
    List<String> typedAgain = new ArrayList<>();
    for (Path file : productionSourcesOutsideContracts()) {
      List<String> lines = read(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        if (!OPTION_NAMES.matcher(line).find()) {
          continue;
        }
        var number = NUMBER.matcher(line);
        while (number.find()) {
          if (BOUNDS.contains(number.group(1))) {
            typedAgain.add(ROOT.relativize(file) + ":" + (i + 1) + " " + line.strip());
          }
        }
      }
    }
    assertThat(typedAgain).isEmpty();
  }

  /**
   * An option is named in the record alone: no other module's code types its name (or a flag the
   * operator passes the extractor) as a string literal, it goes through the contract's form, JSON
   * or {@link ExtractorFlags}. This is what lets a new option touch contracts and the extractor
   * only. (Comments may name options; the web page's form fields are HTML, not scanned.)
   */
  @Test
  void noOtherModuleTypesAnOptionsNameOrAnExtractorFlag() throws Exception {
    List<String> names = new ArrayList<>(ExtractionOptionsForm.names());
    for (Field field : ExtractorFlags.class.getFields()) {
      names.add((String) field.get(null));
    }
    assertThat(names).contains("fps", "storyboardTileWidth", "contactSheet", "--options-json");
    List<String> typedAgain = new ArrayList<>();
    for (Path file : productionSourcesOutsideContracts()) {
      List<String> lines = read(file).lines().toList();
      for (int i = 0; i < lines.size(); i++) {
        for (String name : names) {
          String literal = "\"" + name + "\"";
          if (lines.get(i).contains(literal)
              && !OTHER_MEANINGS.contains(file.getFileName() + " " + literal)) {
            typedAgain.add(ROOT.relativize(file) + ":" + (i + 1) + " types \"" + name + "\"");
          }
        }
      }
    }
    assertThat(typedAgain).isEmpty();
  }

  /** Where the same word means something else: the manifest's video width and its outputs. */
  private static final Set<String> OTHER_MEANINGS =
      Set.of(
          "Manifest.java \"width\"",
          "Manifest.java \"storyboard\"",
          "Manifest.java \"contactSheet\"",
          "Manifest.java \"preview\"");

  private static List<Path> productionSourcesOutsideContracts() {
    try (Stream<Path> modules = Files.list(ROOT)) {
      return modules
          .filter(m -> !m.getFileName().toString().equals("contracts"))
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .flatMap(DeclaredOnceTest::sources)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> resourcesOutsideContracts() {
    try (Stream<Path> modules = Files.list(ROOT)) {
      return modules
          .filter(m -> !m.getFileName().toString().equals("contracts"))
          .map(m -> m.resolve("src/main/resources"))
          .filter(Files::isDirectory)
          .flatMap(
              dir -> {
                try {
                  return Files.walk(dir)
                      .filter(p -> p.toString().matches(".*\\.(ya?ml|properties)$"))
                      .toList()
                      .stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Stream<Path> sources(Path dir) {
    try {
      return Files.walk(dir).filter(p -> p.toString().endsWith(".java")).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
